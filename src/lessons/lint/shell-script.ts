/**
 * Just enough of the shell's grammar for the lesson lints to see which commands a script runs, with which words and
 * redirections, and where each word sits in its file. Quotes, `$(...)`, backslashes, comments, line continuations
 * and here-documents are understood; control flow is not (`for ...; do cmd; done` yields `cmd` with its words, and
 * the keywords around it are dropped), nor are variables (a word that holds `$`, a backtick or a glob is marked
 * not `literal`, and the lints leave it alone).
 */

/** A script's text and where its first character sits in its file (lesson.md's fence, or setup.sh). */
export interface ScriptSource {
  text: string;
  /** 1-based line of the text's first line in the file. */
  line: number;
}

export interface ShellWord {
  /** The word with its quotes and escapes removed. */
  text: string;
  line: number;
  column: number;
  /** False when it holds `$`, a backtick, or an unquoted `*`, `?`, `[` or leading `~`: its value is not its text. */
  literal: boolean;
}

export interface ShellRedirect {
  /** `<` reads a file, `>` and `>>` write one. */
  op: '<' | '>' | '>>';
  target: ShellWord;
}

export interface ShellCommand {
  /** The command's words, assignments (`A=b`) and leading keywords (`do`, `then`, `!`, ...) left out. */
  words: ShellWord[];
  redirects: ShellRedirect[];
  /** The text of its here-documents (`<<EOF ... EOF`), with the line of each's first line. */
  heredocs: { text: string; line: number }[];
}

type Token =
  | { type: 'word'; word: ShellWord }
  | { type: 'separator' }
  | { type: 'redirect'; op: string }
  | { type: 'heredoc'; text: string; line: number };

const KEYWORDS = new Set(['do', 'then', 'else', 'elif', 'if', 'while', 'until', '!', '{', 'time']);
const SKIPPED = new Set(['for', 'case', 'select', 'done', 'fi', 'esac', '}', 'function']);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** The simple commands of a script, in order. */
export function readScript(source: ScriptSource): ShellCommand[] {
  const commands: ShellCommand[] = [];
  const waiting: ShellCommand[] = [];
  let current: ShellCommand = { words: [], redirects: [], heredocs: [] };
  let redirect: string | undefined;
  const finish = () => {
    while (current.words.length && KEYWORDS.has(current.words[0]?.text ?? '')) current.words.shift();
    const first = current.words[0]?.text ?? '';
    if (current.words.length && SKIPPED.has(first)) current.words = [];
    if (current.words.length || current.redirects.length) commands.push(current);
    current = { words: [], redirects: [], heredocs: [] };
  };
  for (const token of tokenize(source)) {
    if (token.type === 'separator') {
      redirect = undefined;
      finish();
    } else if (token.type === 'redirect') {
      redirect = token.op;
    } else if (token.type === 'heredoc') {
      waiting.shift()?.heredocs.push({ text: token.text, line: token.line });
    } else if (redirect !== undefined) {
      const op = redirect;
      redirect = undefined;
      if (op === '<<' || op === '<<-') waiting.push(current);
      else if (op === '<') current.redirects.push({ op: '<', target: token.word });
      else if (op === '>' || op === '>|' || op === '&>') current.redirects.push({ op: '>', target: token.word });
      else if (op === '>>' || op === '&>>') current.redirects.push({ op: '>>', target: token.word });
      // `2>&1`, `<&3`, `<<< text`: no file.
    } else if (current.words.length === 0 && ASSIGNMENT.test(token.word.text)) {
      continue;
    } else {
      current.words.push(token.word);
    }
  }
  finish();
  return commands;
}

function* tokenize(source: ScriptSource): Generator<Token> {
  const text = source.text.replace(/\r\n?/g, '\n');
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const position = (offset: number) => {
    let line = 0;
    while (line + 1 < starts.length && (starts[line + 1] ?? Infinity) <= offset) line++;
    return { line: source.line + line, column: offset - (starts[line] ?? 0) + 1 };
  };
  const pendingHeredocs: { delimiter: string; strip: boolean }[] = [];
  let i = 0;
  let word = '';
  let wordStart = -1;
  let literal = true;
  const flush = function* (): Generator<Token> {
    if (wordStart >= 0) yield { type: 'word', word: { text: word, ...position(wordStart), literal } };
    word = '';
    wordStart = -1;
    literal = true;
  };
  const begin = () => {
    if (wordStart < 0) wordStart = i;
  };
  while (i < text.length) {
    const c = text[i] ?? '';
    if (c === '\\') {
      if (text[i + 1] === '\n') {
        i += 2;
        continue;
      }
      begin();
      word += text[i + 1] ?? '';
      i += 2;
      continue;
    }
    if (c === "'") {
      begin();
      const end = text.indexOf("'", i + 1);
      const stop = end < 0 ? text.length : end;
      word += text.slice(i + 1, stop);
      i = stop + 1;
      continue;
    }
    if (c === '"') {
      begin();
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < text.length) {
          word += text[i + 1];
          i += 2;
        } else if (text[i] === '$' || text[i] === '`') {
          literal = false;
          const end = skipSubstitution(text, i);
          word += text.slice(i, end);
          i = end;
        } else word += text[i++];
      }
      i++;
      continue;
    }
    if (c === '$' || c === '`') {
      begin();
      literal = false;
      const end = skipSubstitution(text, i);
      word += text.slice(i, end);
      i = end;
      continue;
    }
    if (c === '#' && wordStart < 0) {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === ' ' || c === '\t') {
      yield* flush();
      i++;
      continue;
    }
    if (c === '\n') {
      yield* flush();
      yield { type: 'separator' };
      i++;
      for (const heredoc of pendingHeredocs.splice(0)) {
        const bodyStart = i;
        let end = i;
        for (;;) {
          const next = text.indexOf('\n', end);
          const line = text.slice(end, next < 0 ? text.length : next);
          if ((heredoc.strip ? line.replace(/^\t+/, '') : line) === heredoc.delimiter) {
            yield { type: 'heredoc', text: text.slice(bodyStart, end), line: position(bodyStart).line };
            i = next < 0 ? text.length : next + 1;
            break;
          }
          if (next < 0) {
            yield { type: 'heredoc', text: text.slice(bodyStart), line: position(bodyStart).line };
            i = text.length;
            break;
          }
          end = next + 1;
        }
      }
      continue;
    }
    if ('|&;()'.includes(c)) {
      if (c === '&' && text[i + 1] === '>') {
        yield* flush();
        const op = text[i + 2] === '>' ? '&>>' : '&>';
        yield { type: 'redirect', op };
        i += op.length;
        continue;
      }
      yield* flush();
      yield { type: 'separator' };
      i += text[i + 1] === c ? 2 : 1;
      continue;
    }
    if (c === '<' || c === '>') {
      // A word of digits right before it is a file descriptor (`2>`), not a word.
      if (wordStart >= 0 && /^\d+$/.test(word) && literal) {
        word = '';
        wordStart = -1;
      } else yield* flush();
      const op = /^(<<<|<<-|<<|<&|<>|<|>>|>&|>\||>)/.exec(text.slice(i))?.[0] ?? c;
      yield { type: 'redirect', op };
      i += op.length;
      if (op === '<<' || op === '<<-') {
        while (text[i] === ' ' || text[i] === '\t') i++;
        const match = /^(?:'([^']*)'|"([^"]*)"|([^\s;&|<>()]+))/.exec(text.slice(i));
        if (match) {
          const delimiter = (match[1] ?? match[2] ?? match[3] ?? '').replace(/\\/g, '');
          pendingHeredocs.push({ delimiter, strip: op === '<<-' });
          yield { type: 'word', word: { text: delimiter, ...position(i), literal: true } };
          i += match[0].length;
        }
      }
      continue;
    }
    begin();
    if (wordStart === i && c === '~') literal = false;
    if (c === '*' || c === '?' || c === '[') literal = false;
    word += c;
    i++;
  }
  yield* flush();
  yield { type: 'separator' };
}

/** The end of a `$name`, `${...}`, `$(...)` or backtick substitution starting at `start`. */
function skipSubstitution(text: string, start: number): number {
  if (text[start] === '`') {
    const end = text.indexOf('`', start + 1);
    return end < 0 ? text.length : end + 1;
  }
  const open = text[start + 1];
  if (open !== '(' && open !== '{') {
    const name = /^[A-Za-z_][A-Za-z0-9_]*|^[0-9?$!#@*-]/.exec(text.slice(start + 1));
    return start + 1 + (name?.[0].length ?? 0);
  }
  const close = open === '(' ? ')' : '}';
  let depth = 0;
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      i = end < 0 ? text.length : end;
    } else if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    } else if (c === '\\') i++;
    else if (c === open) depth++;
    else if (c === close && --depth === 0) return i + 1;
  }
  return text.length;
}
