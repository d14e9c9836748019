//! The OpenAPI document and its page: every served route is documented and every
//! documented route is served; the page and its assets come from the binary itself.

use ourspace_e2e::{Backend, spawn_app};
use serde_json::Value;
use std::collections::BTreeSet;

/// `{key:.+}` → `{key}`: actix's pattern syntax to OpenAPI's.
fn template(path: &str) -> String {
    let mut out = String::new();
    let mut in_pattern = false;
    for c in path.chars() {
        match c {
            ':' if out.ends_with(|c: char| c.is_alphanumeric() || c == '_')
                && out.contains('{') =>
            {
                in_pattern = true;
            }
            '}' => {
                in_pattern = false;
                out.push(c);
            }
            _ if in_pattern => {}
            _ => out.push(c),
        }
    }
    out
}

#[tokio::test]
async fn every_served_route_is_documented_and_every_documented_route_is_served() {
    let app = spawn_app(Backend::Sqlite).await;
    let doc = app.get_json("/openapi.json", 200).await;
    let mut documented = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            if ["get", "post", "put", "patch", "delete"].contains(&method.as_str()) {
                documented.insert(format!("{} {path}", method.to_uppercase()));
            }
        }
    }
    let served: BTreeSet<String> = ourspace_api::routes::served()
        .into_iter()
        .map(|(method, path)| format!("{method} {}", template(&path)))
        .collect();
    assert!(served.len() > 30, "{served:?}");
    let undocumented: Vec<_> = served.difference(&documented).collect();
    let unserved: Vec<_> = documented.difference(&served).collect();
    assert!(
        undocumented.is_empty(),
        "served but not documented: {undocumented:?}"
    );
    assert!(
        unserved.is_empty(),
        "documented but not served: {unserved:?}"
    );
    // Each documented operation reaches a handler: not the catch-all "no route" answer.
    for op in &documented {
        let (method, path) = op.split_once(' ').unwrap();
        // Every path parameter but the photo key is an id.
        let concrete = path
            .replace("{key}", "spaces/none.png")
            .replace(['{', '}'], "")
            .replace("image_id", "1")
            .replace("id", "1");
        let response = app
            .client
            .request(
                method.parse().unwrap(),
                format!("{}{concrete}", app.address),
            )
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let body = response.text().await.unwrap_or_default();
        assert!(
            !body.contains("no route for"),
            "{op} as {concrete}: {status} {body}"
        );
    }
}

#[tokio::test]
async fn the_document_names_the_bearer_scheme_and_the_problem_answers() {
    let app = spawn_app(Backend::Sqlite).await;
    let doc = app.get_json("/openapi.json", 200).await;
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    assert!(doc["components"]["schemas"]["Problem"].is_object());
    let place = &doc["paths"]["/api/v1/orders"]["post"];
    assert_eq!(place["security"][0]["bearer"], Value::Array(vec![]));
    let conflict = &place["responses"]["409"]["content"]["application/problem+json"];
    assert!(conflict.is_object(), "{place}");
    let upload = &doc["paths"]["/api/v1/spaces"]["post"]["requestBody"]["content"];
    assert!(upload["multipart/form-data"].is_object(), "{upload}");
}

#[tokio::test]
async fn the_docs_page_and_its_assets_are_served_from_the_binary() {
    let app = spawn_app(Backend::Sqlite).await;
    let redirect = app.get("/docs").await;
    assert_eq!(redirect.status().as_u16(), 308);
    assert_eq!(redirect.headers()["location"], "/docs/");
    let page = app.get("/docs/").await;
    assert_eq!(page.status().as_u16(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("swagger-ui"), "{html}");
    assert!(
        !html.contains("src=\"http") && !html.contains("href=\"http"),
        "the page loads nothing from the internet: {html}"
    );
    for asset in ["/docs/swagger-ui-bundle.js", "/docs/swagger-ui.css"] {
        assert_eq!(app.get(asset).await.status().as_u16(), 200, "{asset}");
    }
    let init = app
        .get("/docs/swagger-initializer.js")
        .await
        .text()
        .await
        .unwrap();
    assert!(init.contains("/openapi.json"), "{init}");
}

/// The validator command: `OURSPACE_OPENAPI_VALIDATOR`, or where
/// `scripts/ensure-schemathesis` installs it beside schemathesis.
fn validator() -> String {
    std::env::var("OURSPACE_OPENAPI_VALIDATOR").unwrap_or_else(|_| {
        let home = std::env::var("HOME").unwrap_or_default();
        format!("{home}/.cache/ourspace/schemathesis-venv/bin/openapi-spec-validator")
    })
}

#[tokio::test]
async fn the_document_passes_openapi_spec_validator() {
    let app = spawn_app(Backend::Sqlite).await;
    let doc = app.get("/openapi.json").await.bytes().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("openapi.json");
    std::fs::write(&file, &doc).unwrap();
    let run = tokio::process::Command::new(validator())
        .arg(&file)
        .output()
        .await
        .unwrap_or_else(|e| {
            panic!(
                "cannot run {} (scripts/ensure-schemathesis): {e}",
                validator()
            )
        });
    let out = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{out}{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

#[tokio::test]
async fn operations_have_unique_camel_case_ids_and_list_every_answer_they_can_give() {
    let app = spawn_app(Backend::Sqlite).await;
    let doc = app.get_json("/openapi.json", 200).await;
    let mut ids = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let id = op["operationId"]
                .as_str()
                .unwrap_or_else(|| panic!("{method} {path}: no id"));
            assert!(ids.insert(id.to_owned()), "{id} twice");
            assert!(
                id.chars().next().unwrap().is_ascii_lowercase()
                    && id.chars().all(|c| c.is_ascii_alphanumeric()),
                "{id} is not camelCase"
            );
            let statuses = op["responses"].as_object().unwrap();
            if path.starts_with("/api/v1/") {
                let unavailable = &statuses["503"];
                assert!(
                    unavailable["headers"]["Retry-After"].is_object(),
                    "{method} {path}"
                );
            }
            if path.starts_with("/api/v1/auth/") {
                assert!(statuses.contains_key("429"), "{method} {path}");
            }
            let bearer = op["security"]
                .as_array()
                .is_some_and(|s| s.iter().any(|r| r.get("bearer").is_some()));
            if path.starts_with("/api/v1/") && bearer {
                assert!(statuses.contains_key("401"), "{method} {path} 401");
            }
            let parameters = op["parameters"].as_array().is_some_and(|p| !p.is_empty());
            if path.starts_with("/api/v1/") && parameters {
                assert!(statuses.contains_key("400"), "{method} {path} 400");
            }
            if op.get("requestBody").is_some() {
                for status in ["408", "413"] {
                    assert!(statuses.contains_key(status), "{method} {path} {status}");
                }
            }
        }
    }
    for id in [
        "listSpaces",
        "getSpace",
        "placeOrder",
        "payOrder",
        "cancelOrder",
        "listMyOrders",
    ] {
        assert!(ids.contains(id), "{id}");
    }
    assert_eq!(doc["paths"]["/media/{key}"]["get"]["tags"][0], "media");
    // A required field is never typed nullable.
    for (name, schema) in doc["components"]["schemas"].as_object().unwrap() {
        let required: Vec<&str> = schema["required"]
            .as_array()
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        for field in required {
            let kind = &schema["properties"][field]["type"];
            assert!(
                !kind
                    .as_array()
                    .is_some_and(|k| k.contains(&Value::from("null"))),
                "{name}.{field} is required yet nullable"
            );
        }
    }
}
