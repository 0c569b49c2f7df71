#!/usr/bin/env bash
# A real single-node Slurm cluster in one folder, for tests: munged, slurmctld
# and slurmd run as root with every file they use (key, socket, config, state,
# spool, pid and log files) under DIR, on free non-default ports, so nothing of
# a system munge or Slurm is touched or needed.
#
#   local-cluster.sh up DIR       start (or check) the cluster; waits until the
#                                 node is idle, else prints the logs and fails
#   local-cluster.sh down DIR     cancel its jobs and stop every daemon it
#                                 started, by the PIDs in its pid files
#   local-cluster.sh status DIR   say which daemons run and what sinfo shows
#
# Clients need `source DIR/env` (it exports SLURM_CONF=DIR/slurm.conf).
# Both `up` and `down` are idempotent. Needs root and the Debian packages
# slurmctld slurmd slurm-client munge (Slurm 22.05 on bookworm).
#
# Environment: LOCAL_SLURM_CPUS (default: nproc), LOCAL_SLURM_UP_TIMEOUT
# (seconds to wait for an idle node, default 30), LOCAL_SLURM_DOWN_TIMEOUT
# (seconds to wait for each daemon to exit after SIGTERM, default 20; then SIGKILL).
set -euo pipefail

usage() {
    echo "usage: $0 up|down|status DIR" >&2
    exit 2
}
die() { echo "local-cluster: error: $*" >&2; exit 1; }
note() { echo "local-cluster: $*"; }

[ $# -eq 2 ] || usage
action=$1
dir=$2
case "$action" in up|down|status) ;; *) usage ;; esac

# Nothing of an enclosing Slurm job (or of a user's sbatch defaults) may leak
# into this cluster's daemons or clients.
for v in $(compgen -e); do
    case "$v" in SLURM_*|SBATCH_*|SALLOC_*|SRUN_*|SQUEUE_*|SINFO_*|SCANCEL_*) unset "$v" ;; esac
done

UP_TIMEOUT=${LOCAL_SLURM_UP_TIMEOUT:-30}
DOWN_TIMEOUT=${LOCAL_SLURM_DOWN_TIMEOUT:-20}

# ------------------------------------------------------------------ processes

# alive PID COMM: true when PID runs (not a zombie) and is the program COMM,
# so a stale pid file whose number was reused never makes us signal a stranger.
alive() {
    local pid=$1 comm=$2 state
    [ -n "$pid" ] && [ -r "/proc/$pid/stat" ] || return 1
    [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$comm" ] || return 1
    state=$(sed -e 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | cut -d' ' -f1)
    [ -n "$state" ] && [ "$state" != Z ]
}

# pid_of NAME: the PID in DIR/NAME.pid, or nothing.
pid_of() {
    local f="$dir/$1.pid"
    [ -f "$f" ] || return 0
    tr -dc '0-9' <"$f"
}

# wait_gone PID COMM SECONDS: true when the process has exited in time.
wait_gone() {
    local pid=$1 comm=$2 deadline=$((SECONDS + $3))
    while alive "$pid" "$comm"; do
        [ $SECONDS -lt $deadline ] || return 1
        sleep 0.1
    done
}

# stop NAME...: SIGTERM to each daemon NAME (pid file DIR/NAME.pid) that runs,
# all at once, then wait for each; SIGKILL whoever outlives the bound.
stop() {
    local name pid pids=() names=()
    for name in "$@"; do
        pid=$(pid_of "$name")
        if alive "$pid" "$name"; then
            kill -TERM "$pid" 2>/dev/null || true
            pids+=("$pid"); names+=("$name")
        elif [ -n "$pid" ]; then
            note "$name (pid $pid) was not running"
        fi
    done
    local i
    for i in "${!pids[@]}"; do
        if ! wait_gone "${pids[$i]}" "${names[$i]}" "$DOWN_TIMEOUT"; then
            note "${names[$i]} (pid ${pids[$i]}) ignored SIGTERM for ${DOWN_TIMEOUT}s; sending SIGKILL"
            kill -KILL "${pids[$i]}" 2>/dev/null || true
            wait_gone "${pids[$i]}" "${names[$i]}" 5 || die "${names[$i]} (pid ${pids[$i]}) survives SIGKILL"
        fi
        note "stopped ${names[$i]} (pid ${pids[$i]})"
    done
    for name in "$@"; do rm -f "$dir/$name.pid"; done
}

# Job step daemons (slurmstepd) outlive slurmd by design. Those of this cluster
# hold a socket in DIR/spool; any still there after the daemons stopped are ours.
stray_stepds() {
    local p fd
    for p in /proc/[0-9]*; do
        [ "$(cat "$p/comm" 2>/dev/null)" = slurmstepd ] || continue
        for fd in "$p"/fd/*; do
            if [[ "$(readlink "$fd" 2>/dev/null)" == "$dir/"* ]]; then echo "${p#/proc/}"; break; fi
        done
    done
}

# descendants PID: the PIDs of all processes below PID (children first listed
# before their own children), read from /proc before anything is killed.
descendants() {
    local st line fields child
    for st in /proc/[0-9]*/stat; do
        line=$(cat "$st" 2>/dev/null) || continue
        read -r -a fields <<<"${line##*) }"   # state, ppid, ...
        [ "${fields[1]:-}" = "$1" ] || continue
        child=${st#/proc/}; child=${child%/stat}
        echo "$child"
        descendants "$child"
    done
}

# ------------------------------------------------------------------ helpers

# A TCP port in 20000-31999 (below the usual ephemeral range) that nothing
# listens on, other than the ports given as arguments.
free_port() {
    local used port tries=0
    local hex
    used=$(for hex in $(awk 'NR > 1 && $4 == "0A" { split($2, a, ":"); print a[2] }' \
        /proc/net/tcp /proc/net/tcp6 2>/dev/null); do echo $((16#$hex)); done | sort -u)
    while :; do
        port=$((20000 + RANDOM % 12000))
        if ! grep -qx "$port" <<<"$used" && [[ " $* " != *" $port "* ]]; then
            echo "$port"; return 0
        fi
        tries=$((tries + 1))
        [ $tries -lt 1000 ] || die "found no free TCP port in 20000-31999"
    done
}

node_state() {
    SLURM_CONF="$dir/slurm.conf" timeout 5 sinfo -h -n localhost -o '%T' 2>/dev/null | head -n 1
}

show_logs() {
    local f
    for f in munged.log slurmctld.log slurmd.log; do
        [ -f "$dir/$f" ] || continue
        echo "----- last lines of $dir/$f" >&2
        tail -n 25 "$dir/$f" >&2
    done
}

# wait_for_file FILE SECONDS
wait_for_file() {
    local deadline=$((SECONDS + $2))
    while [ ! -s "$1" ]; do
        [ $SECONDS -lt $deadline ] || return 1
        sleep 0.05
    done
}

write_conf() {
    local cpus mem_mb ctld_port d_port
    cpus=${LOCAL_SLURM_CPUS:-$(nproc)}
    [[ "$cpus" =~ ^[1-9][0-9]*$ ]] || die "LOCAL_SLURM_CPUS must be a positive integer, got '$cpus'"
    # Memory is not a consumable resource here (CR_Core); a value well below
    # the real memory only keeps slurmd from draining the node for "low memory".
    mem_mb=$(awk '/^MemTotal:/ { m = int($2 / 2048); print (m < 1024 ? (m < 1 ? 1 : m) : 1024) }' /proc/meminfo)
    ctld_port=$(free_port)
    d_port=$(free_port "$ctld_port")
    # Slurm 22.05 has no CredInfo: cred/munge reads the socket from AuthInfo.
    cat >"$dir/slurm.conf.tmp" <<EOF
# Generated by scripts/slurm/local-cluster.sh for a single-node test cluster.
ClusterName=mctest
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$d_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$dir/munge.socket
CredType=cred/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerParameters=batch_sched_delay=0
SlurmdParameters=config_overrides
ReturnToService=2
KillWait=5
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
JobAcctGatherType=jobacct_gather/none
MailProg=/bin/true
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem_mb State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF
    mv "$dir/slurm.conf.tmp" "$dir/slurm.conf"
}

# ------------------------------------------------------------------ actions

status() {
    local name pid
    for name in munged slurmctld slurmd; do
        pid=$(pid_of "$name")
        if alive "$pid" "$name"; then echo "$name: running (pid $pid)"; else echo "$name: not running"; fi
    done
    if [ -f "$dir/slurm.conf" ] && alive "$(pid_of slurmctld)" slurmctld; then
        echo "node localhost: $(node_state)"
    fi
}

down() {
    if [ ! -d "$dir" ]; then note "$dir does not exist; nothing to stop"; return 0; fi
    dir=$(cd "$dir" && pwd -P)
    local ids deadline
    # Cancel the jobs first, so that their processes end with them.
    if alive "$(pid_of slurmctld)" slurmctld && alive "$(pid_of slurmd)" slurmd; then
        export SLURM_CONF="$dir/slurm.conf"
        ids=$(timeout 5 squeue -h -o '%i' 2>/dev/null || true)
        if [ -n "$ids" ]; then
            note "cancelling jobs: ${ids//$'\n'/ }"
            # shellcheck disable=SC2086
            timeout 5 scancel $ids 2>/dev/null || true
            deadline=$((SECONDS + 15))
            while [ -n "$(timeout 5 squeue -h -o '%i' 2>/dev/null || true)" ] && [ $SECONDS -lt $deadline ]; do
                sleep 0.2
            done
        fi
        unset SLURM_CONF
    fi
    stop slurmd slurmctld
    # Only when slurmctld was gone, so that the jobs could not be cancelled.
    local p strays tree=""
    strays=$(stray_stepds)
    for p in $strays; do tree="$tree $p $(descendants "$p" | tr "\n" " ")"; done
    if [ -n "$strays" ]; then
        note "killing job step daemons left behind (slurmstepd $(echo $strays)) and their processes:$tree"
        # shellcheck disable=SC2086
        kill -KILL $tree 2>/dev/null || true
        for p in $tree; do
            wait_gone "$p" "$(cat "/proc/$p/comm" 2>/dev/null)" 5 || die "process $p survives SIGKILL"
        done
    fi
    stop munged
    rm -f "$dir/munge.socket" "$dir/munge.socket.lock"
    note "down ($dir)"
}

up() {
    [ "$(id -u)" -eq 0 ] || die "needs root (slurmd runs jobs as their users; munged and slurmctld run as root here)"
    local c missing=()
    for c in munged munge slurmctld slurmd sinfo squeue; do
        command -v "$c" >/dev/null 2>&1 || missing+=("$c")
    done
    [ ${#missing[@]} -eq 0 ] || die "missing ${missing[*]}; install with: apt-get install -y slurmctld slurmd slurm-client munge"
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd -P)
    # Unix socket paths (munge's, slurmstepd's in the spool) hold at most 107 bytes.
    [ ${#dir} -le 60 ] || die "DIR $dir is too long (${#dir} characters; at most 60, for the Unix sockets in it)"

    local running=0 name
    for name in munged slurmctld slurmd; do
        if alive "$(pid_of "$name")" "$name"; then running=$((running + 1)); fi
    done
    if [ $running -eq 3 ]; then
        # Up already; the node may be busy with jobs, which must not be lost.
        case "$(node_state)" in
            idle|mixed|allocated|completing)
                [ -f "$dir/env" ] || printf 'export SLURM_CONF=%q\n' "$dir/slurm.conf" >"$dir/env"
                note "already up ($dir)"
                return 0 ;;
        esac
    fi
    if [ $running -gt 0 ]; then
        note "partly up or not healthy; restarting"
        down
    fi

    mkdir -p "$dir/state" "$dir/spool"
    rm -f "$dir/env"

    # munged: its own key (created once), socket, pid, seed and log files. It
    # checks that every directory above its socket lets others through; only
    # root uses this socket, so --force turns that check into a warning.
    if [ ! -s "$dir/munge.key" ]; then
        if command -v mungekey >/dev/null 2>&1; then
            mungekey --create --keyfile="$dir/munge.key" 2>/dev/null || die "mungekey could not create $dir/munge.key"
        else
            (umask 077 && dd if=/dev/urandom of="$dir/munge.key" bs=1024 count=1 status=none)
        fi
        chmod 600 "$dir/munge.key"
    fi
    rm -f "$dir/munged.pid" "$dir/munge.socket" "$dir/munge.socket.lock"
    munged --force --socket="$dir/munge.socket" --key-file="$dir/munge.key" \
        --pid-file="$dir/munged.pid" --log-file="$dir/munged.log" --seed-file="$dir/munged.seed" \
        || { show_logs; die "munged did not start"; }
    local deadline=$((SECONDS + 10))
    until munge -S "$dir/munge.socket" -n >/dev/null 2>&1; do
        [ $SECONDS -lt $deadline ] || { show_logs; down; die "munged does not answer on $dir/munge.socket"; }
        sleep 0.05
    done

    write_conf
    export SLURM_CONF="$dir/slurm.conf"
    rm -f "$dir/slurmctld.pid" "$dir/slurmd.pid"
    slurmctld || { show_logs; down; die "slurmctld did not start"; }
    wait_for_file "$dir/slurmctld.pid" 10 || { show_logs; down; die "slurmctld wrote no pid file"; }
    slurmd -N localhost || { show_logs; down; die "slurmd did not start"; }
    wait_for_file "$dir/slurmd.pid" 10 || { show_logs; down; die "slurmd wrote no pid file"; }

    local state=""
    deadline=$((SECONDS + UP_TIMEOUT))
    while :; do
        state=$(node_state)
        [ "$state" = idle ] && break
        if [ $SECONDS -ge $deadline ]; then
            show_logs
            down
            die "node localhost is '${state:-not reported}', not idle, after ${UP_TIMEOUT}s"
        fi
        alive "$(pid_of slurmctld)" slurmctld || { show_logs; down; die "slurmctld exited"; }
        alive "$(pid_of slurmd)" slurmd || { show_logs; down; die "slurmd exited"; }
        sleep 0.2
    done
    printf 'export SLURM_CONF=%q\n' "$dir/slurm.conf" >"$dir/env"
    note "up ($dir): munged $(pid_of munged), slurmctld $(pid_of slurmctld), slurmd $(pid_of slurmd); source $dir/env"
}

case "$action" in
    up) up ;;
    down) down ;;
    status)
        [ -d "$dir" ] || die "$dir does not exist"
        dir=$(cd "$dir" && pwd -P)
        status ;;
esac
