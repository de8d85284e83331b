#!/usr/bin/env bash
# What ENT Coach needs from the system before `make run` / `make test` can work, checked in a
# few milliseconds and installed when missing:
#   system-deps.sh python PYTHON   PYTHON is 3.11 or newer and can create a virtualenv
#                                  (Debian/Ubuntu ship `venv` apart, in python3-venv)
#   system-deps.sh check           list the Qt system libraries missing (exit 1 if any)
#   system-deps.sh install         install them: apt-get on Debian/Ubuntu (as root, through sudo
#                                  otherwise), saying what and why first; elsewhere print the
#                                  exact command and stop
#   system-deps.sh bundle          the tools PyInstaller needs on Linux (objdump, objcopy: binutils)
# The libraries and their packages are listed once, in resources/system/qt-libs.txt (the
# application reads the same list to name a missing library when its window cannot open).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
LIST="$ROOT/resources/system/qt-libs.txt"

say() { printf 'ENT Coach : %s\n' "$*" >&2; }

# Debian, Fedora or Arch family, from /etc/os-release (ID, then ID_LIKE); empty otherwise.
family() {
  local id="" like=""
  local release=${OS_RELEASE:-/etc/os-release}  # another file only to try the other branches
  if [ -r "$release" ]; then
    id=$(. "$release" && echo "${ID:-}")
    like=$(. "$release" && echo "${ID_LIKE:-}")
  fi
  for name in $id $like; do
    case "$name" in
      debian|ubuntu) echo debian; return ;;
      fedora|rhel|centos) echo fedora; return ;;
      arch) echo arch; return ;;
    esac
  done
}

# Shared libraries the dynamic linker knows (one soname a line), for this machine's architecture.
known_libraries() {
  local ldconfig
  ldconfig=$(command -v ldconfig || echo /sbin/ldconfig)
  if [ "$(uname -m)" = x86_64 ]; then
    "$ldconfig" -p 2>/dev/null | awk '/x86-64/ {print $1}'
  else
    "$ldconfig" -p 2>/dev/null | awk 'NR > 1 {print $1}'
  fi
}

has_font() {
  local folder
  for folder in /usr/share/fonts /usr/local/share/fonts "$HOME/.local/share/fonts"; do
    [ -d "$folder" ] && [ -n "$(find "$folder" \( -name '*.ttf' -o -name '*.otf' -o -name '*.pcf.gz' \) -print -quit 2>/dev/null)" ] && return 0
  done
  return 1
}

# "library package" for every missing entry; column = 2 (Debian), 3 (Fedora) or 4 (Arch).
missing() {
  local font=0
  has_font && font=1
  awk -v column="$1" -v font="$font" '
    NR == FNR { known[$1] = 1; next }
    /^#/ || NF < 4 { next }
    $1 == "police" { if (!font) print $1, $column; next }
    !($1 in known) { print $1, $column }
  ' <(known_libraries) "$LIST"
}

column_of() {
  case "$1" in debian) echo 2 ;; fedora) echo 3 ;; arch) echo 4 ;; *) echo 2 ;; esac
}

install_command() {  # family, packages...
  local kind=$1; shift
  case "$kind" in
    debian) echo "sudo apt-get install --no-install-recommends $*" ;;
    fedora) echo "sudo dnf install $*" ;;
    arch) echo "sudo pacman -S --needed $*" ;;
  esac
}

check_python() {
  local python=${1:-python3} version
  if ! command -v "$python" >/dev/null 2>&1; then
    say "Python 3 est introuvable (commande « $python »)."
    [ "$(family)" = debian ] && apt_install "Python 3 sert à installer et à lancer ENT Coach." python3 python3-venv
    command -v "$python" >/dev/null 2>&1 || exit 1
  fi
  version=$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
  if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    say "il faut Python 3.11 ou plus récent ; « $python » est en version $version."
    say "Installez une version plus récente, puis relancez par exemple : make run PYTHON=python3.12"
    exit 1
  fi
  # Debian and Ubuntu leave `venv`'s pip bootstrap (ensurepip) to a separate package.
  if ! "$python" -c 'import ensurepip, venv' >/dev/null 2>&1; then
    if [ "$(family)" = debian ]; then
      apt_install "Python $version ne peut pas créer l'environnement .venv sans son module « venv »." \
        "python$version-venv"
    else
      say "Python $version ne peut pas créer d'environnement virtuel (module « venv » ou « ensurepip » absent) ;"
      say "installez le paquet « venv » de Python pour votre système, puis relancez la commande."
      exit 1
    fi
  fi
}

# apt-get install of PACKAGES after saying why: as root, through sudo otherwise; else the command.
apt_install() {
  local why=$1; shift
  local command="apt-get install -y --no-install-recommends $*"
  say "$why"
  if [ "$(id -u)" -eq 0 ]; then
    say "Installation des paquets : $*"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends "$@" && return 0
  elif command -v sudo >/dev/null 2>&1; then
    say "Installation des paquets avec sudo (votre mot de passe peut être demandé) : $*"
    sudo apt-get update -qq && sudo apt-get install -y -qq --no-install-recommends "$@" && return 0
  fi
  say "Installation impossible depuis ce compte. Demandez à un administrateur de lancer :"
  say "  sudo $command"
  exit 1
}

# PyInstaller reads and edits ELF files with binutils' objdump and objcopy (its documented
# Linux requirements); a fresh Debian has neither.
check_bundle_tools() {
  [ "$(uname -s)" = Linux ] || return 0
  command -v objdump >/dev/null 2>&1 && command -v objcopy >/dev/null 2>&1 && return 0
  local why="pour construire l'application autonome, PyInstaller a besoin des outils objdump et objcopy (paquet binutils)."
  case "$(family)" in
    debian) apt_install "$why" binutils ;;
    fedora|arch) say "$why"; say "Installez-les avec : $(install_command "$(family)" binutils)"; exit 1 ;;
    *) say "$why"; say "Installez le paquet binutils de votre distribution, puis relancez la commande."; exit 1 ;;
  esac
}

main() {
  local mode=${1:-check}
  if [ "$mode" = python ]; then
    check_python "${2:-python3}"
    return
  fi
  if [ "$mode" = bundle ]; then
    check_bundle_tools
    return
  fi
  # macOS and Windows: the Qt wheels carry everything they need.
  [ "$(uname -s)" = Linux ] || return 0
  local kind rows libraries packages
  kind=$(family)
  rows=$(missing "$(column_of "$kind")")
  [ -n "$rows" ] || return 0
  libraries=$(awk '{print ($1 == "police" ? "une police de caractères" : $1)}' <<<"$rows" | paste -sd, - | sed 's/,/, /g')
  packages=$(awk '{print $2}' <<<"$rows" | sort -u | tr '\n' ' ' | sed 's/ $//')
  if [ "$mode" = check ]; then
    echo "$libraries"
    return 1
  fi
  local why="pour afficher ses fenêtres, Qt a besoin de bibliothèques système absentes de cet ordinateur : $libraries."
  # shellcheck disable=SC2086  # package names are words
  case "$kind" in
    debian) apt_install "$why" $packages ;;
    fedora|arch)
      say "$why"
      say "Installez-les avec : $(install_command "$kind" $packages)"
      exit 1 ;;
    *)
      say "$why"
      say "installez les paquets de votre distribution qui fournissent ces bibliothèques (leurs noms"
      say "sous Debian ou Ubuntu : $(missing 2 | awk '{print $2}' | sort -u | paste -sd' ' -)), puis relancez la commande."
      exit 1 ;;
  esac
}

main "$@"
