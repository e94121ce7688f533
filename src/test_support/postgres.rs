//! A fresh, empty PostgreSQL database per test, on the server `STRETCHBOT_TEST_POSTGRES_URL`
//! names (one where the test may create databases, e.g.
//! `postgres://postgres@127.0.0.1:55432/postgres`), so PostgreSQL tests run in parallel.
//!
//! Without that variable: in CI (`CI` set) the test fails saying so, elsewhere it prints one line
//! and is skipped, so `cargo test` passes on a machine without PostgreSQL.

use std::sync::atomic::{AtomicU32, Ordering};

use tokio_postgres::NoTls;

/// The variable naming the test server.
pub const TEST_POSTGRES_URL: &str = "STRETCHBOT_TEST_POSTGRES_URL";

/// The test server's URL, or `None` (after printing why) when this test is to be skipped.
/// Panics in CI without one: a green CI must have run the PostgreSQL tests.
pub fn test_server_url(test: &str) -> Option<String> {
    match std::env::var(TEST_POSTGRES_URL) {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ if std::env::var_os("CI").is_some_and(|v| !v.is_empty()) => panic!(
            "{TEST_POSTGRES_URL} is not set, and CI must run the PostgreSQL tests: point it at a \
             server where tests may create databases (.ci/run starts one)"
        ),
        _ => {
            eprintln!("skipped {test}: {TEST_POSTGRES_URL} is not set (no PostgreSQL server)");
            None
        }
    }
}

/// One database created for one test; [`TestDatabase::drop_now`] removes it.
pub struct TestDatabase {
    server_url: String,
    /// Its name on the server.
    pub name: String,
    /// The URL of this database (the server's URL with its name).
    pub url: String,
}

impl TestDatabase {
    /// A new empty database, or `None` when PostgreSQL tests are skipped (see the module doc).
    pub async fn create(test: &str) -> Option<Self> {
        let server_url = test_server_url(test)?;
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let name = format!(
            "stretchbot_test_{}_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed),
            rand::random::<u32>()
        );
        admin(&server_url, &format!("CREATE DATABASE \"{name}\""))
            .await
            .unwrap_or_else(|e| panic!("cannot create test database {name}: {e}"));
        let url = with_database(&server_url, &name);
        Some(Self {
            server_url,
            name,
            url,
        })
    }

    /// Drops the database, closing whatever connections are still open to it (a failed test
    /// leaves its database behind; names are unique, so that harms no other run).
    pub async fn drop_now(self) {
        let sql = format!("DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)", self.name);
        if let Err(e) = admin(&self.server_url, &sql).await {
            eprintln!("could not drop test database {}: {e}", self.name);
        }
    }
}

/// Runs one statement on the server's own database.
async fn admin(server_url: &str, sql: &str) -> Result<(), tokio_postgres::Error> {
    let (client, connection) = tokio_postgres::connect(server_url, NoTls).await?;
    let conn = tokio::spawn(connection);
    let done = client.batch_execute(sql).await;
    drop(client);
    let _ = conn.await;
    done
}

/// `url` naming database `name` instead of its own (query string kept).
pub fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let base = match base[scheme_end..].find('/') {
        Some(slash) => &base[..scheme_end + slash],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn with_database_swaps_only_the_database_name() {
        assert_eq!(
            with_database("postgres://u:p@h:5/postgres", "t1"),
            "postgres://u:p@h:5/t1"
        );
        assert_eq!(with_database("postgres://h:5", "t1"), "postgres://h:5/t1");
        assert_eq!(
            with_database("postgresql://h/postgres?sslmode=disable", "t1"),
            "postgresql://h/t1?sslmode=disable"
        );
    }
}
