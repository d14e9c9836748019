//! The cluster test (`scripts/test-cluster`, which starts `scripts/cluster` first): through
//! nginx, guests book and pay a few hot slots while a Galera node is killed with SIGKILL and
//! rejoins, then while an instance is killed and restarted. Afterwards, on every node: no
//! hour sold twice, every booking answered 201 is there, every user's points equal their
//! ledger, and the nodes hold the same rows. The 5xx answers are counted and reported.

mod load;
mod nodes;

use load::{Answers, Load};
use nodes::Nodes;
use std::time::Duration;

/// What `scripts/cluster` serves; the test refuses to run without it rather than skip.
fn cluster_url() -> String {
    std::env::var("OURSPACE_CLUSTER_URL").unwrap_or_else(|_| {
        panic!("OURSPACE_CLUSTER_URL is not set: run this test through scripts/test-cluster")
    })
}

/// Runs `scripts/cluster ACTION N`.
async fn cluster(action: &str, n: u8) {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../scripts/cluster");
    let status = tokio::process::Command::new(script)
        .args([action, &n.to_string()])
        .status()
        .await
        .expect("scripts/cluster runs");
    assert!(status.success(), "scripts/cluster {action} {n}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn bookings_keep_every_invariant_while_a_node_and_an_instance_die() {
    let nodes = Nodes::connect().await;
    let load = Load::prepare(&cluster_url(), &nodes, 24).await;
    let running = load.start();

    tokio::time::sleep(Duration::from_secs(5)).await;
    running.mark("kill node 1 (the writer)");
    cluster("kill-node", 1).await;
    tokio::time::sleep(Duration::from_secs(10)).await;
    running.mark("node 1 rejoins");
    cluster("start-node", 1).await;
    running.mark("node 1 synced");
    tokio::time::sleep(Duration::from_secs(5)).await;
    running.mark("kill instance 2");
    cluster("kill-app", 2).await;
    tokio::time::sleep(Duration::from_secs(5)).await;
    running.mark("instance 2 restarts");
    cluster("start-app", 2).await;
    running.mark("instance 2 ready");
    tokio::time::sleep(Duration::from_secs(5)).await;
    let answers: Answers = running.stop().await;

    println!("{}", answers.report());
    answers.assert_survivors_kept_answering();
    answers.assert_no_internal_errors();
    nodes.wait_until_alike().await;
    for node in nodes.all() {
        nodes.assert_no_hour_sold_twice(node).await;
        nodes.assert_orders_present(node, &answers.placed).await;
        nodes.assert_points_equal_their_ledger(node).await;
    }
    assert!(!answers.placed.is_empty(), "some bookings succeeded");
}
