//! A MariaDB of the test's own (`mariadb-install-db` into a temporary folder, `mariadbd
//! --no-defaults` on a free port), so a test can take the database away and bring it back
//! without touching the server the other tests use. The binaries come with the MariaDB
//! `scripts/ensure-mariadb` installs.

use std::process::Stdio;
use std::time::Duration;
use tokio::process::{Child, Command};

/// A private MariaDB server with an empty database `ourspace`.
pub struct PrivateMariaDb {
    dir: tempfile::TempDir,
    port: u16,
    server: Option<Child>,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

impl PrivateMariaDb {
    /// Installs and starts the server and creates the database.
    ///
    /// # Panics
    /// When MariaDB is not installed or does not start.
    pub async fn start() -> Self {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let data = dir.path().join("data");
        let installed = Command::new("mariadb-install-db")
            .arg("--no-defaults")
            .arg(format!("--datadir={}", data.display()))
            .args([
                "--auth-root-authentication-method=normal",
                "--skip-test-db",
                "--user=root",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .await
            .expect("mariadb-install-db runs (scripts/ensure-mariadb installs it)");
        assert!(installed.success(), "mariadb-install-db failed");
        let mut db = Self {
            dir,
            port: free_port(),
            server: None,
        };
        db.resume().await;
        let admin = sea_orm::Database::connect(db.server_url())
            .await
            .expect("connect to the private MariaDB");
        sea_orm::ConnectionTrait::execute_unprepared(&admin, "CREATE DATABASE ourspace")
            .await
            .expect("create the database");
        admin.close().await.ok();
        db
    }

    fn server_url(&self) -> String {
        format!("mysql://root@127.0.0.1:{}", self.port)
    }

    /// The URL of its `ourspace` database.
    #[must_use]
    pub fn url(&self) -> String {
        format!("{}/ourspace", self.server_url())
    }

    /// Starts the server (again) on the same data and port and waits until it answers.
    ///
    /// # Panics
    /// When it does not answer within 30 s.
    pub async fn resume(&mut self) {
        let path = self.dir.path();
        let server = Command::new("mariadbd")
            .arg("--no-defaults")
            .arg(format!("--datadir={}", path.join("data").display()))
            .arg(format!("--socket={}", path.join("mariadb.sock").display()))
            .arg(format!("--pid-file={}", path.join("mariadb.pid").display()))
            .arg(format!("--port={}", self.port))
            .args(["--bind-address=127.0.0.1", "--user=root", "--skip-log-bin"])
            .args(["--innodb-buffer-pool-size=32M", "--innodb-log-file-size=8M"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("mariadbd starts");
        self.server = Some(server);
        for _ in 0..300 {
            if tokio::net::TcpStream::connect(("127.0.0.1", self.port))
                .await
                .is_ok()
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the private MariaDB did not answer on port {}", self.port);
    }

    /// Kills the server at once (SIGKILL), as a crash or a lost host would.
    ///
    /// # Panics
    /// When the server cannot be killed.
    pub async fn kill(&mut self) {
        if let Some(mut server) = self.server.take() {
            server.kill().await.expect("kill mariadbd");
        }
    }
}
