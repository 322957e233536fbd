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
# Tab completion for docker and kubectl (bash-completion loads each command's completion on first use).
[ -r /usr/share/bash-completion/bash_completion ] && . /usr/share/bash-completion/bash_completion
