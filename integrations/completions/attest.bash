# bash completion for attest: subcommands and options come from `attest help CMD`, so
# they follow the installed binary.
_attest() {
  local cur prev cmd
  cur="${COMP_WORDS[COMP_CWORD]}"
  prev="${COMP_WORDS[COMP_CWORD-1]}"
  if [[ $COMP_CWORD -eq 1 ]]; then
    COMPREPLY=($(compgen -W "scan rules init report merge fix baseline version help" -- "$cur"))
    return
  fi
  cmd="${COMP_WORDS[1]}"
  case "$prev" in
    -p|--build-dir|--cache-dir|--resource-dir|--root) COMPREPLY=($(compgen -d -- "$cur")); return ;;
    --sarif|--baseline|--config|--report|--junit|--gitlab-sast|--cbom|--attestation|-o|--output|--previous)
      COMPREPLY=($(compgen -f -- "$cur")); return ;;
    --fail-on) COMPREPLY=($(compgen -W "error warning note none" -- "$cur")); return ;;
    --color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
    --format) COMPREPLY=($(compgen -W "text github table json html md casa-csv" -- "$cur")); return ;;
    --enable|--disable) COMPREPLY=($(compgen -W "$(attest rules 2>/dev/null | awk 'NR>1 {print $1}')" -- "$cur")); return ;;
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$(attest help "$cmd" 2>/dev/null | grep -oE '^ +-[-a-zA-Z0-9]+(, --[-a-z0-9]+)?' | tr ',' '\n' | tr -d ' ')" -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -F _attest attest
