# Runner for the table-driven bad-input tests: tests/cli/badinput.table (no
# kernel needed) and tests/vm/badinput.table (in the VM). `load` it from a
# .bats file, call bi_load TABLE, then bi_run GROUP... in the tests.
#
# A case is one line of the table:
#
#     EXIT[@LINE] | REGEX | COMMAND
#
#   EXIT     the exit code iommuctl must give (1 failed, 2 usage, 3 unsupported)
#   LINE     batch and shell input only: the line the error must be reported at
#   REGEX    a bash (POSIX extended) regular expression that the error message
#            must match: it names the offending argument
#   COMMAND  shell words, expanded by bash (quotes, $(...)), one of
#              ARGS...                 iommuctl ARGS... (then again as line 3
#                                      of a batch file, unless ARGS starts
#                                      with an option or is batch/shell)
#              @batch [--force] FMT    a batch file whose content is printf FMT
#              @stdin [--force] FMT    printf FMT piped into 'batch -'
#              @shell FMT              printf FMT piped into 'shell'
#              @garbage SEED BYTES     BYTES pseudo-random bytes (awk srand SEED)
#                                      piped into 'batch --force -'; LINE may be *
# Lines that are blank or start with # are comments.
#
# Every case runs in text and in JSON mode (-j). Text: the exit code, a
# non-empty "iommuctl: usage|error|unsupported: ..." message on stderr that
# matches REGEX, nothing on stdout (single commands); batches name the line
# (FILE:LINE:) and, when they stop, say so with the line. JSON: the same exit
# code, valid UTF-8, an {"error": {...}} object with kind and exit_code that
# agree with EXIT and a message matching REGEX (for batches: the entry of
# LINE, and the summary element at the end), nothing on stderr. An exit code
# of 128 or more (a signal: a crash) fails every case, and no message may be
# longer than 2048 bytes (over-long values are shortened, never truncated).
#
# BI_OPTS (array): options put before every command (the CLI tests point
# --dev at an empty directory so that no case can reach a kernel).

BI_MAX_MSG=2048

# bi_load TABLE: the cases into BI_EXIT, BI_LINE, BI_RE, BI_CMD, BI_WHERE,
# BI_OBJ (each case's object); BI_KNOWN: the objects 'iommuctl help' lists.
bi_load() {
	local table=$1 n=0 raw exit line re cmd
	BI_EXIT=() BI_LINE=() BI_RE=() BI_CMD=() BI_WHERE=() BI_OBJ=()
	while IFS= read -r raw || [ -n "$raw" ]; do
		n=$((n + 1))
		[[ "$raw" =~ ^[[:space:]]*(#|$) ]] && continue
		if ! [[ "$raw" =~ ^[[:space:]]*([0-9]+)(@([0-9]+|\*))?[[:space:]]+\|[[:space:]](.*)$ ]]; then
			echo "$table:$n: not a case: $raw" >&2
			return 1
		fi
		exit=${BASH_REMATCH[1]} line=${BASH_REMATCH[3]} raw=${BASH_REMATCH[4]}
		re=${raw%% | *}
		cmd=${raw#* | }
		if [ "$re" = "$raw" ] || [ -z "$cmd" ]; then
			echo "$table:$n: expected EXIT | REGEX | COMMAND: $raw" >&2
			return 1
		fi
		BI_EXIT+=("$exit") BI_LINE+=("$line") BI_RE+=("$re") BI_CMD+=("$cmd")
		BI_WHERE+=("$(basename "$table"):$n")
		bi_object "$cmd"
		BI_OBJ+=("$REPLY")
	done < "$table"
	BI_KNOWN=$("$IOMMUCTL" -j help | jq -r '[.objects[].name] | join(" ")')
}

# The object a case exercises, in REPLY: the first word after the global
# options ("batch" or "shell" for input cases).
bi_object() {
	local -a w
	local i=0
	eval "w=($1)"
	case ${w[0]} in
	@batch|@stdin|@garbage) REPLY=batch; return ;;
	@shell) REPLY=shell; return ;;
	esac
	while [ $i -lt ${#w[@]} ]; do
		case ${w[$i]} in
		--sysfs|--proc|--dev|--iommufd-fd) i=$((i + 2)) ;;
		-*) i=$((i + 1)) ;;
		*) REPLY=${w[$i]}; return ;;
		esac
	done
	REPLY=-
}

# Indices of the cases whose object is one of the arguments; "@other" stands
# for every object that 'iommuctl help' does not list (BI_KNOWN).
bi_select() {
	local i g
	for i in "${!BI_CMD[@]}"; do
		for g in "$@"; do
			if [ "${BI_OBJ[$i]}" = "$g" ] ||
			   { [ "$g" = @other ] && [[ " $BI_KNOWN " != *" ${BI_OBJ[$i]} "* ]]; }; then
				echo "$i"
				break
			fi
		done
	done
}

# The command lines of the table as words, one line each: argument cases and
# the lines of batch and shell input (for the coverage checks).
bi_command_lines() {
	local c fmt
	local -a w
	for c in "${BI_CMD[@]}"; do
		eval "w=($c)"
		case ${w[0]} in
		@batch|@stdin|@shell)
			fmt=${w[${#w[@]}-1]}
			# shellcheck disable=SC2059
			printf "$fmt" | tr -d '\000' ; echo ;;
		@garbage) ;;
		*) printf '%s\n' "${w[*]}" ;;
		esac
	done
}

# Quote words for a batch line: '…' with ' as '\''.
bi_quote() {
	local w out=
	for w in "$@"; do
		out+="'${w//\'/\'\\\'\'}' "
	done
	printf '%s' "${out% }"
}

# JSON facts of the last run (BI_TMP/out) for bi_check_json, one a line:
# documents, type of the error object, kind, exit_code, U+FFFD seen (the
# output had bytes that are not UTF-8), type of the batch summary, its
# stopped_at_line, message (as text mode prints it: "OP: ERRNO: message" for
# failed system calls). $1: one (a single document), batch (an array,
# the entry of line $2 or the first failing one for *), shell (a document a
# line, the one whose error has line $2).
BI_JQ='[inputs] as $d
| ($line | if . == "*" or . == "" then null else tonumber end) as $ln
| (if $mode == "one" then $d[0].error?
   elif $mode == "batch" then
     (if ($d[0] | type) == "array"
      then [$d[0][] | select(type == "object" and .error and ($ln == null or .line == $ln))][0].error
      else null end)
   else [$d[] | select(.error?.line? == $ln)][0].error end) as $e
| (if $mode == "batch" and ($d[0] | type) == "array" then $d[0][-1].summary? else null end) as $s
| ($d | length), ($e | type), ($e.kind? // ""), ($e.exit_code? // ""),
  ($d | tostring | contains("\ufffd")), ($s | type), ($s.stopped_at_line? // ""),
  ((if $e.op? and $e.name? then "\($e.op): \($e.name): " else "" end) + ($e.message? // "")
   | gsub("\n"; "\\n"))'

# bi_check_json MODE LINE EXIT REGEX STRICT: the JSON checks of the last run;
# STRICT=0: the entry's message must match, its exit code need not be EXIT
# (a forced batch exits with the first failure's code).
bi_check_json() {
	local mode=$1 line=$2 exit=$3 re=$4 strict=$5 kind
	local -a f
	case $exit in
	1) kind=failed ;; 2) kind=usage ;; 3) kind=unsupported ;; *) kind=? ;;
	esac
	[ "$BI_STATUS" -eq "$exit" ] || echo "-j: exit $BI_STATUS, want $exit"
	[ "$mode" = shell ] || [ -z "$BI_ERR" ] || echo "-j: stderr is not empty: ${BI_ERR:0:200}"
	mapfile -t f < <(jq -rn --arg mode "$mode" --arg line "$line" "$BI_JQ" <"$BI_TMP/out" 2>/dev/null)
	if [ ${#f[@]} -lt 8 ]; then
		echo "-j: not JSON: ${BI_OUT:0:300}"
		return
	fi
	[ "${f[4]}" = false ] || echo "-j: the output is not valid UTF-8"
	if [ "${f[1]}" != object ]; then
		echo "-j: no JSON error object${line:+ for line $line}: ${BI_OUT:0:300}"
		return
	fi
	if [ "$strict" = 1 ] && { [ "${f[2]}" != "$kind" ] || [ "${f[3]}" != "$exit" ]; }; then
		echo "-j: error kind ${f[2]}, exit_code ${f[3]}; want $kind, $exit"
	fi
	[[ "${f[7]}" =~ $re ]] || echo "-j: message does not match /$re/: ${f[7]:0:400}"
	[ ${#f[7]} -le $BI_MAX_MSG ] || echo "-j: the message is ${#f[7]} bytes long"
	if [ "$mode" = batch ]; then
		[ "${f[5]}" = object ] || echo "-j: no summary element at the end of the array"
		if [ "$strict" = 1 ] && [ "${f[6]}" != "$line" ]; then
			echo "-j: summary.stopped_at_line is '${f[6]}', not $line"
		fi
	fi
}

# Text checks of the last run (a failure): EXIT REGEX STDOUT_EMPTY.
bi_check_text() {
	local exit=$1 re=$2 stdout_empty=$3 l
	[ "$BI_STATUS" -lt 128 ] || echo "crashed: exit $BI_STATUS (signal $((BI_STATUS - 128)))"
	[ "$BI_STATUS" -eq "$exit" ] || echo "exit $BI_STATUS, want $exit"
	[ -n "$BI_ERR" ] || echo "nothing on stderr"
	[[ "$BI_ERR" =~ iommuctl:\ (usage|error|unsupported):\  ]] ||
		echo "no 'iommuctl: usage|error|unsupported:' message on stderr"
	[[ "$BI_ERR" =~ $re ]] || echo "stderr does not match /$re/: ${BI_ERR:0:300}"
	if [ "$stdout_empty" = 1 ] && [ -n "$BI_OUT" ]; then
		echo "stdout is not empty: ${BI_OUT:0:200}"
	fi
	while IFS= read -r l; do
		[ ${#l} -le $BI_MAX_MSG ] || { echo "a stderr line is ${#l} bytes long"; break; }
	done <<<"$BI_ERR"
}

# Run iommuctl with stdin from $BI_STDIN (a file) or /dev/null; sets
# BI_STATUS, BI_OUT, BI_ERR (and keeps stdout in BI_TMP/out).
bi_exec() {
	"$IOMMUCTL" "${BI_OPTS[@]}" "$@" <"${BI_STDIN:-/dev/null}" >"$BI_TMP/out" 2>"$BI_TMP/err"
	BI_STATUS=$?
	BI_OUT= BI_ERR=
	IFS= read -r -d '' BI_OUT <"$BI_TMP/out"
	IFS= read -r -d '' BI_ERR <"$BI_TMP/err"
	BI_OUT=${BI_OUT%$'\n'} BI_ERR=${BI_ERR%$'\n'}
}

# A batch run (text + JSON): EXIT LINE REGEX FORCE(0/1) NAME ARGS...; NAME
# is how messages name the input.
bi_check_batch() {
	local exit=$1 line=$2 re=$3 force=$4 name=$5 strict=1
	shift 5
	bi_exec batch "$@"
	bi_check_text "$exit" "$re" 0
	if [ "$line" != "*" ]; then
		[[ "$BI_ERR" == *"$name:$line: "* ]] || echo "stderr does not name $name:$line:"
		if [ "$force" = 0 ]; then
			[[ "$BI_ERR" == *"batch stopped at $name line $line "* ]] ||
				echo "stderr does not say 'batch stopped at $name line $line'"
		else
			[[ "$BI_ERR" =~ batch:\ [0-9]+\ command\(s\),\ [0-9]+\ failed ]] ||
				echo "stderr has no --force summary"
		fi
	fi
	bi_exec -j batch "$@"
	{ [ "$force" = 1 ] || [ "$line" = "*" ]; } && strict=0
	bi_check_json batch "$line" "$exit" "$re" $strict
}

# Run case i; print what is wrong with it (nothing when it passes).
bi_case() {
	local i=$1 exit=${BI_EXIT[$1]} line=${BI_LINE[$1]} re=${BI_RE[$1]} cmd=${BI_CMD[$1]}
	local -a w args
	local force=0 fmt
	BI_STDIN=
	eval "w=($cmd)"
	case ${w[0]} in
	@batch|@stdin)
		[ "${w[1]}" = --force ] && force=1
		fmt=${w[${#w[@]}-1]}
		args=()
		[ $force = 1 ] && args=(--force)
		# shellcheck disable=SC2059
		printf "$fmt" >"$BI_TMP/input"
		if [ "${w[0]}" = @batch ]; then
			bi_check_batch "$exit" "${line:-?}" "$re" $force "$BI_TMP/input" "${args[@]}" "$BI_TMP/input"
		else
			BI_STDIN=$BI_TMP/input
			bi_check_batch "$exit" "${line:-?}" "$re" $force "<stdin>" "${args[@]}" -
		fi
		return ;;
	@garbage)
		LC_ALL=C awk -v seed="${w[1]}" -v n="${w[2]}" \
			'BEGIN { srand(seed); for (i = 0; i < n; i++) printf "%c", int(rand() * 256) }' \
			>"$BI_TMP/input"
		BI_STDIN=$BI_TMP/input
		bi_check_batch "$exit" "${line:-*}" "$re" 1 "<stdin>" --force -
		return ;;
	@shell)
		# shellcheck disable=SC2059
		printf "${w[1]}" >"$BI_TMP/input"
		BI_STDIN=$BI_TMP/input
		bi_exec shell
		bi_check_text "$exit" "$re" 0
		[[ "$BI_ERR" == *"<shell>:$line: "* ]] || echo "stderr does not name <shell>:$line:"
		bi_exec -j shell
		bi_check_json shell "$line" "$exit" "$re" 1
		return ;;
	esac
	bi_exec "${w[@]}"
	bi_check_text "$exit" "$re" 1
	bi_exec -j "${w[@]}"
	bi_check_json one "" "$exit" "$re" 1
	# The same words as line 3 of a batch file.
	case ${w[0]} in -*) return ;; esac
	case ${BI_OBJ[$i]} in batch|shell) return ;; esac
	printf '# replayed from the table\n\n%s\n' "$(bi_quote "${w[@]}")" >"$BI_TMP/replay"
	bi_check_batch "$exit" 3 "$re" 0 "$BI_TMP/replay" "$BI_TMP/replay" | sed 's/^/as batch line 3: /'
}

# bi_run GROUP...: every case of these objects; fails listing each bad case.
bi_run() {
	local i n=0 bad=0 why
	BI_TMP=$(mktemp -d)
	for i in $(bi_select "$@"); do
		n=$((n + 1))
		why=$(bi_case "$i")
		if [ -n "$why" ]; then
			bad=$((bad + 1))
			printf '%s: %s\n' "${BI_WHERE[$i]}" "${BI_CMD[$i]:0:200}"
			# shellcheck disable=SC2001
			sed 's/^/    /' <<<"$why"
		fi
	done
	rm -rf "$BI_TMP"
	echo "# $* : $n case(s), $bad failed" >&3
	[ "$n" -gt 0 ] || { echo "no cases for: $*"; return 1; }
	[ "$bad" -eq 0 ]
}

# The number of cases for these objects (for test names).
bi_count() {
	bi_select "$@" | wc -l
}
