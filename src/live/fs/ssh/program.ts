// The program the remote runs: POSIX sh with coreutils (GNU or BSD stat), nothing installed or
// written there. It reads one request a line on stdin and answers on stdout in frames
// `id type length\n` + length bytes, so no byte of a file or a name is ever read as protocol.
// Work that runs in the background (a command, a sha256) answers on stderr in short lines
// `\x01id type text`, which ssh carries apart from stdout; lines under PIPE_BUF are not torn.
// Arguments arrive encoded (see encode.ts): letters, digits, a few punctuation marks, and `\0ooo`
// octal escapes that printf %b decodes, so no argument is ever parsed by the shell as code.
//
// Requests (id: decimal; path, name, word: encoded):
//   id S path | id T path          lstat | stat (following links)  -> O statline | N
//   id L path                      readlink                        -> O target   | N
//   id D path                      the folder's entries            -> O listing  | N
//   id R offset length follow path a byte range of a regular file -> I statline, D bytes, E statline
//                                                                     | N | X statline-or-reason
//   id P watch depth root name...  the watch's listing (skipping the named folders) -> L listing
//                                  (the first look) | S (the same as this watch's last one) |
//                                  I the entries new or changed since then, and lines
//                                  `-length rel` for those gone
//   id F watch                     forget a watch's last listing  -> O
//   id H path                      sha256 in the background        -> stderr: id H hex (empty: none)
//   id C word...                   run a command in the background -> stderr: id P pid, id L line,
//                                                                     id E stderr line, id X status
//                                  (in a session of its own where setsid is there: pid = its group)
//   id K pid                       kill a command it started, its whole group (else the pid and
//                                  every process below it, as ps tells)  -> O
// statline: `size mtime ino uid mode type` (mode: permission bits in octal; type as stat words it,
// may hold spaces). listing: lines
// `length rel statline`, rel being `length` bytes (any bytes, newlines too); a watch listing starts
// with the root's own line (rel empty) and is empty when root is not there; a line `!more` says
// a folder had more than 20000 entries.

const SOURCE = `export LC_ALL=C
set -f
nl='
'
if stat --printf '' . >/dev/null 2>&1; then F=gnu
elif stat -f '' . >/dev/null 2>&1; then F=bsd
else F=none; fi
if command -v sha256sum >/dev/null 2>&1; then Hs=sha256sum
elif command -v shasum >/dev/null 2>&1; then Hs='shasum -a 256'
elif command -v sha256 >/dev/null 2>&1; then Hs=sha256
else Hs=false; fi
if command -v setsid >/dev/null 2>&1; then SS=setsid; else SS=; fi

rep() { printf '%s %s %s\\n%s' "$1" "$2" "\${#3}" "$3"; }
dec() { case $1 in *\\\\*) d=$(printf '%b.' "$1"); d=\${d%.} ;; *) d=$1 ;; esac; }
decp() { dec "$1"; case $d in /*) ;; *) d=./$d ;; esac; }
isreg() { case $1 in *' regular file'|*' regular empty file'|*' Regular File') return 0 ;; esac; return 1; }
isdir() { case $1 in *' directory'|*' Directory') return 0 ;; esac; return 1; }
skip() { case "$nl$SK$nl" in *"$nl$1$nl"*) return 0 ;; esac; return 1; }
# The last listing, a line '=', this listing (on stdin: never an argument, whatever its size) ->
# the lines of this one that differ, and '-' and the key of each entry gone. A line of an entry
# whose name holds newlines is joined with the next until it holds the whole name.
DIFF='r == "" && ($0 == "" || $0 ~ /^!/) { next }
r == "" && $0 == "=" { cur = 1; next }
{ r = r == "" ? $0 : r "\\n" $0; sp = index(r, " "); n = substr(r, 1, sp - 1) + 0 }
length(r) <= sp + n { next }
{ k = substr(r, 1, sp + n)
  if (!cur) prev[k] = r
  else { if (!(k in prev) || prev[k] != r) print r; delete prev[k] }
  r = "" }
END { for (k in prev) print "-" k }'

# The processes below pid $1 (ps -A -o pid= -o ppid=, POSIX), nearest first.
desc() {
  ps -A -o pid= -o ppid= 2>/dev/null | awk -v r="$1" '{ k[$2] = k[$2] " " $1 }
    END { n = 1; q[1] = r; for (i = 1; i <= n; i++) { m = split(k[q[i]], c, " "); for (j = 1; j <= m; j++) { q[++n] = c[j]; print c[j] } } }'
}
# A command it started, with what it started: its group (setsid), else its tree.
kgrp() { kill -TERM "-$1" 2>/dev/null || kill -TERM $(desc "$1") "$1" 2>/dev/null; }

st() {
  so=$1; shift
  case $F in
    gnu) stat $so --printf '%s %.9Y %i %u %a %F\\n' -- "$@" ;;
    bsd) stat $so -f '%z %.9Fm %i %u %Mp%Lp %HT' -- "$@" ;;
    *) return 1 ;;
  esac
}
stx() {
  case $F in
    gnu) xargs -0 stat --printf '%s %.9Y %i %u %a %F\\n' -- ;;
    bsd) xargs -0 stat -f '%z %.9Fm %i %u %Mp%Lp %HT' -- ;;
  esac
}

# Entries of folder $1 matching one glob $4, names prefixed with $2, at level $3. One stat for
# all (a name gone meanwhile leaves a line short: '!short' makes the caller list again, one
# stat each); folders are entered below level MX, except those named in SK.
lsg() {
  gd=$1 gr=$2 gl=$3
  set +f; set -- "$gd"/$4; set -f
  [ -e "$1" ] || [ -L "$1" ] || return 0
  if [ $# -gt 20000 ]; then shift $(($# - 20000)); echo '!more'; fi
  { [ "$SLOW" ] || if [ $# -gt 2000 ]; then printf '%s\\0' "$@" | stx; else st '' "$@"; fi; } 2>/dev/null | {
    for e do
      if [ "$SLOW" ]; then l=$(st '' "$e" 2>/dev/null) || continue
      else IFS= read -r l || { echo '!short'; exit; }; fi
      n=\${e##*/}; r=$gr$n
      printf '%s %s %s\\n' "\${#r}" "$r" "$l"
      if isdir "$l" && [ "$gl" -lt "$MX" ] && ! skip "$n"; then (lsd "$e" "$r/" $((gl + 1))); fi
    done
  }
}
lsd() { for g in '*' '.[!.]*' '..?*'; do lsg "$1" "$2" "$3" "$g"; done; }
listing() {
  SLOW=; o=$("$@")
  case $o in '!short'*|*"$nl!short"*) SLOW=1; o=$("$@") ;; esac
}
wlist() {
  if r=$(st -L "$1" 2>/dev/null); then
    printf '0  %s\\n' "$r"
    if isdir "$r"; then lsd "$1" '' 0; fi
  fi
}

q_stat() {
  so=; [ "$2" = T ] && so=-L
  decp "$3"
  if a=$(st "$so" "$d" 2>/dev/null); then rep "$1" O "$a"; else rep "$1" N ''; fi
}
q_link() {
  decp "$2"
  if a=$(readlink -- "$d" 2>/dev/null && echo .); then a=\${a%.}; rep "$1" O "\${a%"$nl"}"; else rep "$1" N ''; fi
}
q_dir() {
  decp "$2"
  if [ -d "$d" ] && [ -r "$d" ] && [ -x "$d" ]; then MX=0 SK=; listing lsd "$d" '' 0; rep "$1" O "$o"; else rep "$1" N ''; fi
}
q_range() {
  ri=$1 ro=$2 rl=$3 so=; [ "$4" = 1 ] && so=-L
  case $ro$rl in ''|*[!0-9]*) rep "$ri" X 'bad request'; return ;; esac
  decp "$5"
  if ! a=$(st "$so" "$d" 2>&1); then
    case $a in *'levels of symbolic links'*) rep "$ri" X 'a symbolic link loop (too many levels of links)' ;; *) rep "$ri" N '' ;; esac
    return
  fi
  if ! isreg "$a"; then rep "$ri" X "$a"; return; fi
  if ! [ -r "$d" ]; then rep "$ri" X 'unreadable: permission denied'; return; fi
  set -- $a
  n=$(($1 > ro ? $1 - ro : 0)); [ "$n" -gt "$rl" ] && n=$rl
  rep "$ri" I "$a"
  printf '%s D %s\\n' "$ri" "$n"
  # Exactly n bytes whatever happens to the file: zeros pad a short read, and the statline
  # after it lets the client see that (a smaller size or another inode) and ask again.
  if [ "$n" -gt 0 ]; then { tail -c +$((ro + 1)) -- "$d"; head -c "$n" /dev/zero; } 2>/dev/null | head -c "$n"; fi
  b=$(st "$so" "$d" 2>/dev/null); rep "$ri" E "$b"
}
q_poll() {
  pi=$1 w=$2 MX=$3; decp "$4"; pr=$d; shift 4
  case $w$MX in ''|*[!0-9]*) rep "$pi" N ''; return ;; esac
  SK=; for s do dec "$s"; SK=$SK$nl$d; done
  listing wlist "$pr"
  if ! eval "[ \\"\\\${pv_$w+x}\\" ]"; then eval "pv_$w=\\$o"; rep "$pi" L "$o"; return; fi
  eval "pv=\\$pv_$w"; eval "pv_$w=\\$o"
  if [ "$o" = "$pv" ]; then rep "$pi" S ''
  # The '.' keeps the newlines a name gone last may end with.
  elif dl=$(printf '%s\\n=\\n%s\\n' "$pv" "$o" | awk "$DIFF" && echo .); then rep "$pi" I "\${dl%.}"
  else rep "$pi" L "$o"; fi
}
q_sum() {
  decp "$2"
  if a=$(st '' "$d" 2>/dev/null) && isreg "$a"; then
    (s=$($Hs <"$d" 2>/dev/null); printf '\\001%s H %s\\n' "$1" "\${s%% *}" >&2) &
  else printf '\\001%s H \\n' "$1" >&2; fi
}
tagl() { while IFS= read -r l || [ -n "$l" ]; do printf '\\001%s %s\\n' "$1" "$l" >&2; done; }
cjob() {
  t=$1; shift
  c=$({ { { $SS "$@" </dev/null 2>&1 1>&4 4>&- 3>&- & p=$!; printf '\\001%s P %s\\n' "$t" "$p" >&2
    wait "$p"; echo "$?" >&3; } | tagl "$t E"; } 4>&1 | tagl "$t L"; } 3>&1)
  printf '\\001%s X %s\\n' "$t" "$c" >&2
}
q_cmd() {
  ci=$1; shift
  for x do dec "$x"; set -- "$@" "$d"; shift; done
  # Said as sh says it, not as setsid would.
  if ! command -v "$1" >/dev/null 2>&1; then printf '\\001%s E %s: not found\\n\\001%s X 127\\n' "$ci" "$1" "$ci" >&2; return; fi
  (cjob "$ci" "$@") &
}

printf 'AIGP-WATCH-1\\n'
rep 0 O "$F $PWD"
while IFS= read -r q; do
  set -- $q
  case $1 in ''|*[!0-9]*) continue ;; esac
  case $2 in
    S|T) q_stat "$1" "$2" "$3" ;;
    L) q_link "$1" "$3" ;;
    D) q_dir "$1" "$3" ;;
    R) q_range "$1" "$3" "$4" "$5" "$6" ;;
    P) i=$1; shift 2; q_poll "$i" "$@" ;;
    F) case $3 in ''|*[!0-9]*) ;; *) unset "pv_$3" ;; esac; rep "$1" O '' ;;
    H) q_sum "$1" "$3" ;;
    C) i=$1; shift 2; q_cmd "$i" "$@" ;;
    K) case $3 in ''|*[!0-9]*) ;; *) kgrp "$3" ;; esac; rep "$1" O '' ;;
    *) rep "$1" X 'unknown request' ;;
  esac
done
# The connection is gone: end what it started, the commands in sessions of their own first
# (each leads its group), then this shell's own group (this shell leads it).
trap '' TERM
for p in $(desc $$); do kill -TERM "-$p" 2>/dev/null; done
kill 0 2>/dev/null
`;

/** The program's first line on stdout: what came before it (a chatty login script) is skipped. */
export const MAGIC = 'AIGP-WATCH-1\n';

export const PROGRAM = Buffer.from(SOURCE);

/**
 * The remote command: sh reads exactly the program's bytes (dd, one byte at a time: sh would
 * read ahead from a pipe and swallow requests), then runs it with stdin at the first request.
 * Written for any login shell ssh hands it to (sh, bash, zsh, fish, csh): one single-quoted word.
 */
export const BOOTSTRAP = `exec sh -c 'x=$(dd bs=1 count=${PROGRAM.length} 2>/dev/null); eval "$x"'`;
