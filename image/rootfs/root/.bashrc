# Root's bash in the Wharf guest (terminals in the page and the serial debug shell).
# docker and kubectl are Go programs whose start-up garbage dominates a short command in the emulator: collecting
# less often cut kubectl's CPU time ~25% (measured natively: GOGC=400 as good as off, yet bounded for `kubectl get -w`).
# Not for the daemons (PID 1 starts them without it): their heap would grow 4x.
export GOGC=400
[ -z "$PS1" ] && return
export EDITOR=vi VISUAL=vi PAGER=less LESS=-R
HISTSIZE=1000
HISTCONTROL=ignoreboth
shopt -s checkwinsize histappend
PS1='\[\e[1;36m\]root@wharf\[\e[0m\]:\[\e[1;34m\]\w\[\e[0m\]\$ '
alias ls='ls --color=auto' ll='ls -alF' la='ls -A' grep='grep --color=auto' k=kubectl
# Tab completion for docker and kubectl. Sourcing bash-completion costs ~2.8 s of every new terminal in the
# emulator, so it is loaded on the first Tab instead: this default completion sources it (which installs
# bash-completion's own default loader), then lets that loader define the command's completion; its status 124 makes
# bash retry the completion with it.
if [ -r /usr/share/bash-completion/bash_completion ]; then
  _wharf_load_completion() {
    complete -r -D
    unset -f _wharf_load_completion
    . /usr/share/bash-completion/bash_completion
    _completion_loader "$@"
  }
  complete -D -F _wharf_load_completion
fi
