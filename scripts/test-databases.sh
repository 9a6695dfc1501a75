#!/usr/bin/env bash
# Sourced by scripts/test-all.sh. Makes the machine's PostgreSQL and MariaDB reachable for
# TestDatabases (@backstage/backend-test-utils) and exports their connection strings.
# Fails loudly when a server cannot be reached: the store tests must run on all three databases.

itsm_db_fail() {
  echo "ERROR: $1" >&2
  echo "The store tests need PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth) and MariaDB/MySQL on 127.0.0.1:3306." >&2
  exit 1
}

itsm_port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

itsm_ensure_test_databases() {
  if ! itsm_port_open 5432; then
    echo "==> starting PostgreSQL"
    if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
      pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
    fi
    for _ in $(seq 1 30); do itsm_port_open 5432 && break; sleep 1; done
    itsm_port_open 5432 || itsm_db_fail "PostgreSQL is not reachable on 127.0.0.1:5432"
  fi
  if ! itsm_port_open 3306; then
    echo "==> starting MariaDB"
    if [ -x /usr/sbin/mariadbd ]; then
      start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd || true
    fi
    for _ in $(seq 1 30); do itsm_port_open 3306 && break; sleep 1; done
    itsm_port_open 3306 || itsm_db_fail "MariaDB/MySQL is not reachable on 127.0.0.1:3306"
  fi

  # TestDatabases needs a password in the MySQL URL; root has none here, so use a dedicated user.
  if command -v mysql >/dev/null 2>&1; then
    mysql -h 127.0.0.1 -P 3306 -u root -e "CREATE USER IF NOT EXISTS 'itsm_test'@'%' IDENTIFIED BY 'itsm_test'; CREATE USER IF NOT EXISTS 'itsm_test'@'localhost' IDENTIFIED BY 'itsm_test'; GRANT ALL PRIVILEGES ON *.* TO 'itsm_test'@'%' WITH GRANT OPTION; GRANT ALL PRIVILEGES ON *.* TO 'itsm_test'@'localhost' WITH GRANT OPTION; FLUSH PRIVILEGES;" \
      || itsm_db_fail "could not create the MySQL test user (is root without password allowed?)"
  fi
  if command -v psql >/dev/null 2>&1; then
    psql -h 127.0.0.1 -U postgres -c 'select 1' >/dev/null || itsm_db_fail "cannot log in to PostgreSQL as postgres"
  fi

  export BACKSTAGE_TEST_DISABLE_DOCKER=1
  export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="${BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING:-postgresql://postgres@127.0.0.1:5432}"
  export BACKSTAGE_TEST_DATABASE_MYSQL8_CONNECTION_STRING="${BACKSTAGE_TEST_DATABASE_MYSQL8_CONNECTION_STRING:-mysql://itsm_test:itsm_test@127.0.0.1:3306/ignored}"
  # The store tests skip nothing: this flag makes them fail instead of silently using SQLite only.
  export ITSM_REQUIRE_ALL_TEST_DATABASES=1
}
