//! A visitor of the web pages over HTTP: the session cookie a browser keeps, forms posted
//! from the site's own pages with their CSRF token.

#![allow(clippy::missing_panics_doc)]

use crate::{MultipartBody, TestApp};
use reqwest::header::{CONTENT_TYPE, COOKIE, LOCATION, ORIGIN, SET_COOKIE};

/// A browser's memory for one site: its session cookie.
pub struct Visitor<'a> {
    app: &'a TestApp,
    /// The session cookie (`name=value`), once the site set one.
    pub cookie: Option<String>,
}

impl<'a> Visitor<'a> {
    pub fn new(app: &'a TestApp) -> Self {
        Self { app, cookie: None }
    }

    fn keep(&mut self, response: &reqwest::Response) {
        if let Some(set) = response.headers().get(SET_COOKIE) {
            let pair = set.to_str().unwrap().split(';').next().unwrap().to_owned();
            self.cookie = Some(pair);
        }
    }

    pub async fn get(&mut self, path: &str) -> (u16, String) {
        let mut request = self.app.client.get(format!("{}{path}", self.app.address));
        if let Some(cookie) = &self.cookie {
            request = request.header(COOKIE, cookie);
        }
        let response = request.send().await.unwrap();
        self.keep(&response);
        (response.status().as_u16(), response.text().await.unwrap())
    }

    /// The CSRF token of the forms on `path`.
    pub async fn csrf(&mut self, path: &str) -> String {
        let (_, page) = self.get(path).await;
        let start = page
            .find("name=\"csrf\" value=\"")
            .expect("a form with a token")
            + 19;
        page[start..start + 64].to_owned()
    }

    /// Posts from this site's page; answers the status and where it leads (or the page).
    async fn send_post(&mut self, body: reqwest::RequestBuilder) -> (u16, String) {
        let mut request = body.header(ORIGIN, &self.app.address);
        if let Some(cookie) = &self.cookie {
            request = request.header(COOKIE, cookie);
        }
        let response = request.send().await.unwrap();
        self.keep(&response);
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get(LOCATION)
            .map(|l| l.to_str().unwrap().to_owned());
        (status, location.unwrap_or(response.text().await.unwrap()))
    }

    /// Posts a form from this site's page; answers the status and where it leads.
    pub async fn post(&mut self, path: &str, form: &[(&str, &str)]) -> (u16, String) {
        let url = format!("{}{path}", self.app.address);
        let request = self.app.client.post(url).form(form);
        self.send_post(request).await
    }

    /// Posts a multipart form (a file input's form) from this site's page.
    pub async fn post_multipart(&mut self, path: &str, form: MultipartBody) -> (u16, String) {
        let (content_type, body) = form.finish();
        let url = format!("{}{path}", self.app.address);
        let request = self
            .app
            .client
            .post(url)
            .header(CONTENT_TYPE, content_type)
            .body(body);
        self.send_post(request).await
    }

    /// Signs in through the development sign-in as the demo `who` (`guest` or `host`).
    pub async fn sign_in_as(&mut self, who: &str) {
        let token = self.csrf("/sign-in").await;
        let (status, to) = self
            .post(
                "/sign-in/dev",
                &[("csrf", &token), ("who", who), ("next", "/")],
            )
            .await;
        assert_eq!((status, to.as_str()), (303, "/"));
    }
}
