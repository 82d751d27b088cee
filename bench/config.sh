# Writes the dexcc config the benchmarks run on:
#   bench_config FILE PORT STORAGE(memory|sqlite|postgres) ALG(RS256|ES256) DIR [CLIENTS]
# postgres uses the server scripts/services.sh started (DIR/services/services.env), one fresh
# database per run.
# Two connectors: the login scenario asks for mockCallback with connector_id (so /auth redirects
# straight to it, as with a single connector), and the password grant uses the local one.
bench_config() {
  local file=$1 port=$2 storage=$3 alg=$4 dir=$5 clients=${6:-64}
  {
    echo "issuer: http://127.0.0.1:$port/dex"
    if [ "$storage" = sqlite ]; then
      printf 'storage:\n  type: sqlite3\n  config:\n    file: %s/dex-%s.db\n' "$dir" "$alg"
    elif [ "$storage" = postgres ]; then
      # shellcheck disable=SC1091
      . "$dir/services/services.env"
      local db="bench_$(echo "$alg" | tr 'A-Z' 'a-z')_$RANDOM"
      psql -h "$DEXCC_PG_HOST" -p "$DEXCC_PG_PORT" -U postgres -qc "CREATE DATABASE $db" > /dev/null
      printf 'storage:\n  type: postgres\n  config:\n    host: %s\n    port: %s\n    database: %s\n' \
        "$DEXCC_PG_HOST" "$DEXCC_PG_PORT" "$db"
      printf '    user: postgres\n    maxOpenConns: 16\n    maxIdleConns: 16\n    ssl:\n      mode: disable\n'
    else
      printf 'storage:\n  type: memory\n'
    fi
    bench_server_yaml "$port" "$alg"
    echo "staticClients:"
    # One client per load worker (dexcc_load's bench-<i>); see load_main.cc for why.
    for i in $(seq 0 $((clients - 1))); do
      printf "  - id: bench-%s\n    secret: bench-secret\n    name: Bench %s\n" "$i" "$i"
      printf "    redirectURIs: ['http://127.0.0.1:5555/callback']\n"
    done
    bench_users_yaml
  } > "$file"
}

# The connectors and the one password user the load scenarios log in with (also scripts/soak.sh).
# Two connectors: mockCallback for the login scenario, the local password database for the password
# grant.
bench_users_yaml() {
  cat <<YAML
connectors:
  - type: mockCallback
    id: mock
    name: Mock
enablePasswordDB: true
staticPasswords:
  - email: "admin@example.com"
    # bcrypt of "password" at cost 10, the lowest cost dex accepts: each password grant spends
    # one such comparison (tens of milliseconds), which dominates that scenario by design.
    hash: "\$2a\$10\$2b2cU8CPhOTaGrs1HRQuAueS7JTT5ZHsHSzYiFPm1leZck7Mc8T4W"
    username: "admin"
    userID: "08a8684b-db88-4b73-90a9-3cd1661f5466"
YAML
}

# bench_server_yaml PORT ALG: the listener, the signer and the oauth2 settings of the benchmarks.
bench_server_yaml() {
  cat <<YAML
web:
  http: 127.0.0.1:$1
signer:
  type: local
  config:
    keysRotationPeriod: 6h
    algorithm: $2
oauth2:
  skipApprovalScreen: true
  passwordConnector: local
YAML
}
