//! Started sign-ins in the database: a state is taken once, whichever instance asks.

use chrono::{Duration, Utc};
use ourspace_domain::auth::{PendingSignIn, SignInFlows};
use ourspace_infrastructure::on_both_backends;
use ourspace_infrastructure::repo::SeaOrmSignInFlows;
use ourspace_infrastructure::testing::{Backend, TestDatabase};
use sea_orm::{ConnectionTrait, Statement};

fn flow(browser: &str, expires_in: Duration) -> PendingSignIn {
    PendingSignIn {
        browser: browser.into(),
        pkce_verifier: "v".repeat(43),
        redirect_to: Some("https://app.example/cb?x=한글".into()),
        expires_at: Utc::now() + expires_in,
    }
}

on_both_backends! {
    a_kept_flow_reads_back_once_and_holds_no_usable_state => |backend: Backend| async move {
        let t = TestDatabase::new(backend).await;
        let flows = SeaOrmSignInFlows::new(t.db.clone());
        let (state, browser) = (flows.new_secret(), flows.new_secret());
        assert_eq!(state.len(), 64);
        assert_ne!(state, browser);
        let kept = flow(&browser, Duration::minutes(10));
        flows.keep(&state, &kept).await.unwrap();
        let row = t
            .db
            .query_one_raw(Statement::from_string(t.db.get_database_backend(), "SELECT state_hash FROM sign_in_flows"))
            .await
            .unwrap()
            .unwrap();
        let stored: String = row.try_get("", "state_hash").unwrap();
        assert_ne!(stored, state, "the table keeps a hash, not the state");
        let taken = flows.take(&state).await.unwrap().unwrap();
        assert_eq!(taken.browser, kept.browser);
        assert_eq!(taken.redirect_to, kept.redirect_to);
        assert_eq!(taken.expires_at.timestamp(), kept.expires_at.timestamp());
        assert_eq!(flows.take(&state).await.unwrap(), None, "a second take finds nothing");
        assert_eq!(flows.take("unknown").await.unwrap(), None);
    };

    of_callbacks_racing_for_one_state_on_two_instances_exactly_one_gets_it => |backend: Backend| async move {
        let t = TestDatabase::new(backend).await;
        let other_instance = sea_orm::Database::connect(t.url.as_str()).await.unwrap();
        let instances = [SeaOrmSignInFlows::new(t.db.clone()), SeaOrmSignInFlows::new(other_instance)];
        for round in 0..5 {
            let state = format!("state-{round}");
            instances[0].keep(&state, &flow("b", Duration::minutes(10))).await.unwrap();
            let racers: Vec<_> = (0..8)
                .map(|i| {
                    let flows = instances[i % 2].clone();
                    let state = state.clone();
                    tokio::spawn(async move { flows.take(&state).await.unwrap() })
                })
                .collect();
            let mut winners = 0;
            for racer in racers {
                winners += usize::from(racer.await.unwrap().is_some());
            }
            assert_eq!(winners, 1, "round {round}");
        }
    };

    expired_flows_are_forgotten_and_live_ones_kept => |backend: Backend| async move {
        let t = TestDatabase::new(backend).await;
        let flows = SeaOrmSignInFlows::new(t.db.clone());
        flows.keep("old", &flow("b", Duration::minutes(-1))).await.unwrap();
        flows.keep("live", &flow("b", Duration::minutes(5))).await.unwrap();
        assert_eq!(flows.forget_expired(Utc::now()).await.unwrap(), 1);
        assert!(flows.take("old").await.unwrap().is_none());
        assert!(flows.take("live").await.unwrap().is_some());
    };
}
