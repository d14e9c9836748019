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
