//! The host's pages (issue #18) over HTTP on both databases: registering a space with a
//! photo through the form (every refused field listed in Korean, nothing stored), editing it,
//! adding and removing photos (never the last), answering a request — and none of it for
//! someone else's space.

use ourspace_e2e::pages::Visitor;
use ourspace_e2e::{Backend, MultipartBody, TestApp, on_both_backends, png, spawn_app};

/// The registration form's fields for a valid space.
fn valid() -> Vec<(&'static str, &'static str)> {
    vec![
        ("title", "폼으로 등록한 스튜디오"),
        ("subtitle", "자연광 스튜디오"),
        ("category_id", "4"),
        ("district_id", "2"),
        ("address", "서울 성동구 성수이로 1"),
        ("latitude", "37.544"),
        ("longitude", "127.056"),
        ("description", "넓은 창과 흰 벽"),
        ("min_guests", "1"),
        ("max_guests", "8"),
        ("facility_ids", "1"),
        ("facility_ids", "2"),
        ("booking_mode", "instant"),
        ("option_name_0", "오전"),
        ("option_start_0", "9"),
        ("option_end_0", "13"),
        ("option_price_0", "50000"),
        ("hourly_rate", "15000"),
        ("min_hours", "2"),
    ]
}

fn form(csrf: &str, fields: &[(&str, &str)], photos: &[Vec<u8>]) -> MultipartBody {
    let mut body = MultipartBody::new().part("csrf", None, "text/plain", csrf.as_bytes());
    for (name, value) in fields {
        body = body.part(name, None, "text/plain", value.as_bytes());
    }
    for (i, photo) in photos.iter().enumerate() {
        body = body.image(&format!("p{i}.png"), "image/png", photo);
    }
    body
}

async fn host(app: &TestApp) -> Visitor<'_> {
    let mut visitor = Visitor::new(app);
    visitor.sign_in_as("host").await;
    visitor
}

on_both_backends! {
    a_host_registers_edits_and_pictures_a_space_through_the_pages => |backend: Backend| async move {
        let app = spawn_app(backend).await;
        let mut host = host(&app).await;
        let csrf = host.csrf("/host/spaces/new").await;
        let spaces = app.count("spaces").await;
        // Blank, unreadable and out-of-range fields: all listed, what was typed kept.
        let mut wrong = valid();
        wrong.retain(|(name, _)| *name != "address");
        wrong.push(("max_guests", "many"));
        wrong.retain(|(name, value)| !(*name == "max_guests" && *value == "8"));
        wrong.push(("option_price_0", "0"));
        wrong.retain(|(name, value)| !(*name == "option_price_0" && *value == "50000"));
        let (status, page) = host.post_multipart("/host/spaces/new", form(&csrf, &wrong, &[png(1)])).await;
        assert_eq!(status, 400);
        for message in ["필수 항목입니다.", "형식이 올바르지 않습니다.", "허용 범위를 벗어났습니다."] {
            assert!(page.contains(message), "{message}: {page}");
        }
        assert!(page.contains("value=\"폼으로 등록한 스튜디오\""));
        assert_eq!(app.count("spaces").await, spaces);
        // No photo: refused too.
        let (status, page) = host.post_multipart("/host/spaces/new", form(&csrf, &valid(), &[])).await;
        assert_eq!(status, 400);
        assert!(page.contains("사진:"), "{page}");
        // A file that is no image.
        let (status, page) = host.post_multipart("/host/spaces/new", form(&csrf, &valid(), &[b"<html>".to_vec()])).await;
        assert_eq!(status, 400);
        assert!(page.contains("JPEG, PNG, WebP"));
        assert_eq!(app.count("spaces").await, spaces);
        let (status, to) = host.post_multipart("/host/spaces/new", form(&csrf, &valid(), &[png(2)])).await;
        assert_eq!(status, 303, "{to}");
        let id: i64 = to.trim_start_matches("/spaces/").parse().unwrap();
        let (_, page) = host.get(&to).await;
        assert!(page.contains("폼으로 등록한 스튜디오") && page.contains("오전") && page.contains("시간당 15,000원"));
        // The edit form is filled from the space; a change is saved.
        let edit = format!("/host/spaces/{id}/edit");
        let (status, page) = host.get(&edit).await;
        assert_eq!(status, 200);
        assert!(page.contains("value=\"서울 성동구 성수이로 1\"") && page.contains("value=\"오전\""));
        let mut changed = valid();
        changed[0] = ("title", "이름을 바꾼 스튜디오");
        let mut fields = vec![("csrf", csrf.as_str())];
        fields.extend(changed.iter().copied());
        let (status, to) = host.post(&edit, &fields).await;
        assert_eq!((status, to.as_str()), (303, format!("/spaces/{id}").as_str()));
        assert!(host.get(&to).await.1.contains("이름을 바꾼 스튜디오"));
        // Photos: one more, then both removed but the last.
        let (status, _) = host.post_multipart(&format!("/host/spaces/{id}/photos"), form(&csrf, &[], &[png(3)])).await;
        assert_eq!(status, 303);
        let photos = format!("SELECT COUNT(*) AS n FROM space_images WHERE space_id = {id}");
        assert_eq!(app.scalar_i64(&photos).await, 2);
        let first = app.scalar_i64(&format!("SELECT MIN(id) AS n FROM space_images WHERE space_id = {id}")).await;
        let delete = format!("/host/spaces/{id}/photos/{first}/delete");
        assert_eq!(host.post(&delete, &[("csrf", &csrf)]).await.0, 303);
        let last = app.scalar_i64(&format!("SELECT MIN(id) AS n FROM space_images WHERE space_id = {id}")).await;
        let (status, page) = host.post(&format!("/host/spaces/{id}/photos/{last}/delete"), &[("csrf", &csrf)]).await;
        assert_eq!(status, 400);
        assert!(page.contains("사진은 최소 한 장"));
        assert_eq!(app.scalar_i64(&photos).await, 1);
        // Someone else cannot open or change it.
        let mut guest = Visitor::new(&app);
        guest.sign_in_as("guest").await;
        assert_eq!(guest.get(&edit).await.0, 404);
        let theirs = guest.csrf("/").await;
        let mut fields = vec![("csrf", theirs.as_str())];
        fields.extend(valid());
        assert_eq!(guest.post(&edit, &fields).await.0, 404);
        assert_eq!(guest.post(&delete, &[("csrf", &theirs)]).await.0, 404);
    };

    a_host_answers_requests_for_their_own_spaces_only => |backend: Backend| async move {
        let app = spawn_app(backend).await;
        let approval = app.scalar_i64("SELECT MIN(id) AS n FROM spaces s WHERE booking_mode = 'approval' AND EXISTS (SELECT 1 FROM price_options o WHERE o.space_id = s.id)").await;
        let date = (chrono::Utc::now().date_naive() + chrono::Duration::days(9)).to_string();
        let mut guest = Visitor::new(&app);
        guest.sign_in_as("guest").await;
        let csrf = guest.csrf(&format!("/spaces/{approval}/book?date={date}")).await;
        let option = app.scalar_i64(&format!("SELECT MIN(id) AS n FROM price_options WHERE space_id = {approval}")).await.to_string();
        let mut ids = Vec::new();
        for guests in ["3", "4"] {
            let day = if guests == "3" { date.clone() } else { (chrono::Utc::now().date_naive() + chrono::Duration::days(10)).to_string() };
            let (status, to) = guest
                .post(&format!("/spaces/{approval}/book"), &[("csrf", &csrf), ("date", &day), ("option_id", &option), ("guests", guests), ("name", "김게스트"), ("phone", "010-2222-3333"), ("email", "g@example.com")])
                .await;
            assert_eq!(status, 303, "{to}");
            ids.push(to.rsplit('/').next().unwrap().to_owned());
        }
        // The guest cannot answer their own request.
        assert_eq!(guest.post(&format!("/host/requests/{}/approve", ids[0]), &[("csrf", &csrf)]).await.0, 404);
        let mut host = host(&app).await;
        let (status, page) = host.get("/host/requests").await;
        assert_eq!(status, 200);
        assert!(page.contains("김게스트") && page.contains("010-2222-3333"), "{page}");
        let token = host.csrf("/host/requests").await;
        assert_eq!(host.post(&format!("/host/requests/{}/approve", ids[0]), &[("csrf", &token)]).await.0, 303);
        assert_eq!(host.post(&format!("/host/requests/{}/reject", ids[1]), &[("csrf", &token)]).await.0, 303);
        // Answered already: said so, not a 500.
        let (status, page) = host.post(&format!("/host/requests/{}/reject", ids[0]), &[("csrf", &token)]).await;
        assert_eq!(status, 400);
        assert!(page.contains("이미 처리되었거나"));
        let statuses = app.scalar_i64(&format!(
            "SELECT COUNT(*) AS n FROM orders WHERE (id = {} AND status = 'pending') OR (id = {} AND status = 'rejected')",
            ids[0], ids[1]
        )).await;
        assert_eq!(statuses, 2);
    };
}
