# Login shells (the serial debug console) read ~/.bashrc too.
[ -n "$BASH_VERSION" ] && [ -r ~/.bashrc ] && . ~/.bashrc
