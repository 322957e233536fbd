/**
 * What a lesson's shell commands do to the workspace and the cluster, as far as the lints look (docs/authoring.md,
 * "Checking a lesson"). A heuristic on purpose: it knows the handful of commands lessons use to read, write and
 * create, and leaves anything else alone rather than guess.
 */
import type { ShellCommand, ShellWord } from './shell-script.js';

/** A workspace file a command needs, and the words that need it (`kubectl apply -f`, `sed -i`, `<`). */
export interface FileRead {
  path: string;
  word: ShellWord;
  via: string;
}

/** A Kubernetes object a command creates. */
export interface CreatedObject {
  kind: string;
  name: string;
}

export interface CommandEffects {
  reads: FileRead[];
  /** Workspace paths it writes (`> x`, `>> x`, `tee x`, `touch x`, `cp a x`, `mv a x`, `curl -o x`, `wget -O x`). */
  writes: string[];
  objects: CreatedObject[];
  /** YAML it hands to kubectl on its input (`kubectl apply -f - <<EOF`). */
  manifests: { text: string; line: number }[];
  /** It changes directory (`cd`, `pushd`): later relative paths are no longer the workspace's. */
  leavesWorkspace: boolean;
}

/**
 * A path as the workspace knows it (`./web.yaml` -> `web.yaml`), or undefined for what is not a workspace file:
 * absolute, `~`, `..`, stdin (`-`), a URL, or a word whose value the shell computes.
 */
export function workspacePath(word: ShellWord): string | undefined {
  if (!word.literal) return undefined;
  const path = word.text.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
  if (!path || path === '.' || path === '-' || path.startsWith('/') || path.includes('://')) return undefined;
  if (path.split('/').some((part) => part === '..')) return undefined;
  return path;
}

/** Whether a path is a known file, or a folder holding one. */
export function pathExists(path: string, known: Iterable<string>): boolean {
  for (const file of known) if (file === path || file.startsWith(`${path}/`)) return true;
  return false;
}

/** kubectl's flags that take the next word as their value (so it is not read as a subcommand or a name). */
const KUBECTL_VALUED = new Set([
  '-n',
  '--namespace',
  '--context',
  '--kubeconfig',
  '--cluster',
  '--user',
  '-l',
  '-f',
  '--filename',
  '-o',
]);

/** Words after the command's name that are not flags (a flag in `valued` takes the next word as its value). */
function operands(words: readonly ShellWord[], valued: ReadonlySet<string> = new Set()): ShellWord[] {
  const result: ShellWord[] = [];
  for (let i = 1; i < words.length; i++) {
    const text = words[i]?.text ?? '';
    if (text === '--') {
      result.push(...words.slice(i + 1));
      break;
    }
    if (text.startsWith('-') && text !== '-') {
      if (valued.has(text)) i++;
      continue;
    }
    const word = words[i];
    if (word) result.push(word);
  }
  return result;
}

/** Values of a flag written `-f x`, `-qf x`, `-f=x`, `--file x` or `--file=x`, before any `--`. */
function flagValues(words: readonly ShellWord[], names: readonly string[]): ShellWord[] {
  const values: ShellWord[] = [];
  for (let i = 1; i < words.length; i++) {
    const word = words[i];
    if (!word || word.text === '--') break;
    // `-so out.html`: short flags run together, the valued one last.
    const cluster = /^-[a-zA-Z]+$/.test(word.text) && names.includes(`-${word.text.slice(-1)}`);
    if (names.includes(word.text) || cluster) {
      const value = words[i + 1];
      if (value) values.push(value);
      i++;
      continue;
    }
    const name = names.find((n) => word.text.startsWith(`${n}=`));
    if (name) values.push({ ...word, text: word.text.slice(name.length + 1), column: word.column + name.length + 1 });
  }
  return values;
}

const CREATE_KINDS: Readonly<Record<string, string>> = {
  deployment: 'Deployment',
  deploy: 'Deployment',
  service: 'Service',
  svc: 'Service',
  configmap: 'ConfigMap',
  cm: 'ConfigMap',
  secret: 'Secret',
  namespace: 'Namespace',
  ns: 'Namespace',
  job: 'Job',
  cronjob: 'CronJob',
  cj: 'CronJob',
};
/** `kubectl create service clusterip NAME`, `kubectl create secret generic NAME`: a type before the name. */
const TYPED = new Set(['Service', 'Secret']);

const EXPOSE_KINDS: Readonly<Record<string, string>> = {
  deployment: 'Deployment',
  deploy: 'Deployment',
  deployments: 'Deployment',
  pod: 'Pod',
  po: 'Pod',
  pods: 'Pod',
  service: 'Service',
  svc: 'Service',
  services: 'Service',
  replicaset: 'ReplicaSet',
  rs: 'ReplicaSet',
};

export function commandEffects(command: ShellCommand): CommandEffects {
  const effects: CommandEffects = { reads: [], writes: [], objects: [], manifests: [], leavesWorkspace: false };
  const { words } = command;
  const name = words[0]?.text ?? '';
  const read = (word: ShellWord | undefined, via: string) => {
    const path = word && workspacePath(word);
    if (word && path) effects.reads.push({ path, word, via });
  };
  const write = (word: ShellWord | undefined) => {
    const path = word && workspacePath(word);
    if (path) effects.writes.push(path);
  };
  for (const redirect of command.redirects) {
    if (redirect.op === '<') read(redirect.target, '<');
    else write(redirect.target);
  }
  const args = operands(words, name === 'kubectl' ? KUBECTL_VALUED : undefined);
  switch (name) {
    case 'cd':
    case 'pushd':
      effects.leavesWorkspace = true;
      break;
    case 'kubectl': {
      const sub = args[0]?.text;
      if (sub !== 'logs') {
        for (const value of flagValues(words, ['-f', '--filename'])) {
          if (value.text === '-') effects.manifests.push(...command.heredocs);
          else read(value, sub ? `kubectl ${sub} -f` : 'kubectl -f');
        }
      }
      if (sub === 'create' && args[1]) {
        const kind = CREATE_KINDS[args[1].text];
        const object = kind ? args[TYPED.has(kind) ? 3 : 2] : undefined;
        if (kind && object?.literal) effects.objects.push({ kind, name: object.text });
      } else if (sub === 'run' && args[1]?.literal) {
        effects.objects.push({ kind: 'Pod', name: args[1].text });
      } else if (sub === 'expose' && args[1]) {
        const [type, target] = args[1].text.includes('/') ? args[1].text.split('/', 2) : [args[1].text, args[2]?.text];
        const service = flagValues(words, ['--name'])[0]?.text ?? target;
        if (type && EXPOSE_KINDS[type] && service) effects.objects.push({ kind: 'Service', name: service });
      }
      break;
    }
    case 'docker':
    case 'docker-compose': {
      const sub = args.map((a) => a.text);
      const build =
        sub[0] === 'build' || (sub[0] === 'buildx' && sub[1] === 'build') || sub.join(' ') === 'image build';
      if (build || name === 'docker-compose' || sub[0] === 'compose')
        for (const value of flagValues(words, ['-f', '--file']))
          read(value, build ? 'docker build -f' : 'docker compose -f');
      break;
    }
    case 'sed': {
      const inPlace = words.some((w) => /^-[a-zA-Z]*i/.test(w.text) || w.text.startsWith('--in-place'));
      if (!inPlace) break;
      const files = operands(words, new Set(['-e', '--expression', '-f', '--file']));
      const hasScript = words.some((w) => ['-e', '--expression', '-f', '--file'].includes(w.text));
      for (const file of hasScript ? files : files.slice(1)) read(file, 'sed -i');
      break;
    }
    case 'tee':
    case 'touch':
      for (const file of args) write(file);
      break;
    case 'cp':
    case 'mv':
      if (args.length >= 2) write(args[args.length - 1]);
      break;
    case 'curl':
      for (const value of flagValues(words, ['-o', '--output'])) write(value);
      break;
    case 'wget':
      for (const value of flagValues(words, ['-O', '--output-document'])) write(value);
      break;
  }
  return effects;
}
