//! A space's photos on its edit page: adding some (up to the limit) and removing one (never
//! the last).

use super::space_form::SpaceForm;
use crate::error::WebError;
use crate::form::{Fields, path_id};
use crate::render::{Layout, see_other};
use crate::upload;
use crate::visit::Visit;
use actix_multipart::Multipart;
use actix_web::{HttpResponse, web};
use askama::Template;
use ourspace_domain::shared::{ImageId, SpaceId};
use ourspace_domain::space::{MAX_IMAGES, SpaceDetail, SpaceError};

/// The photos of a space as its edit page shows them.
pub struct Photos {
    pub space_id: i64,
    /// (image id, thumbnail or photo address).
    pub items: Vec<(i64, String)>,
    /// More may be added.
    pub room: bool,
}

impl Photos {
    pub fn of(space: &SpaceDetail) -> Self {
        let images = &space.summary.images;
        Self {
            space_id: space.summary.id.0,
            items: images
                .iter()
                .map(|i| (i.id.0, i.list_url().to_owned()))
                .collect(),
            room: images.len() < MAX_IMAGES,
        }
    }
}

/// The edit page: the space form and its photos.
#[derive(Template)]
#[template(path = "host_edit.html")]
pub struct EditPage {
    pub layout: Layout,
    pub form: SpaceForm,
    pub photos: Photos,
}

/// What a refused photo change says.
fn refusal(e: SpaceError) -> WebError {
    match e {
        SpaceError::NotFound | SpaceError::Forbidden => WebError::NotFound,
        SpaceError::LastImage => WebError::BadRequest("사진은 최소 한 장 있어야 합니다.".into()),
        SpaceError::Image { reason, .. } => {
            WebError::BadRequest(upload::image_message(&reason).into())
        }
        SpaceError::Validation(_) => {
            WebError::BadRequest(format!("사진은 {MAX_IMAGES}장까지 올릴 수 있습니다."))
        }
        e => WebError::unexpected(e),
    }
}

/// `POST /host/spaces/{id}/photos` (multipart: `csrf` and `images`).
pub async fn add(
    visit: Visit,
    id: web::Path<String>,
    payload: Multipart,
) -> Result<HttpResponse, WebError> {
    let id: SpaceId = path_id(&id)?;
    let back = format!("/host/spaces/{}/edit", id.0);
    let host = visit.user_for(&back)?.id;
    visit.check_same_site()?;
    let upload = upload::read(&visit.state, payload, MAX_IMAGES).await?;
    let fields = Fields::from(upload.fields);
    visit.check_form(fields.text("csrf"))?;
    if upload.images.is_empty() {
        return Err(WebError::BadRequest("올릴 사진을 선택해 주세요.".into()));
    }
    let spaces = &visit.state.services.spaces;
    spaces
        .add_images(host, id, upload.images)
        .await
        .map_err(refusal)?;
    Ok(see_other(&visit, &back))
}

/// `POST /host/spaces/{id}/photos/{image}/delete`.
pub async fn delete(
    visit: Visit,
    path: web::Path<(String, String)>,
    body: web::Bytes,
) -> Result<HttpResponse, WebError> {
    let id: SpaceId = path_id(&path.0)?;
    let image: ImageId = path_id(&path.1)?;
    let back = format!("/host/spaces/{}/edit", id.0);
    let (_, host) = visit.user_form(&body, &back)?;
    let spaces = &visit.state.services.spaces;
    spaces
        .delete_image(host, id, image)
        .await
        .map_err(refusal)?;
    Ok(see_other(&visit, &back))
}
