//! How each domain error is answered: its status, stable code and detail.

use super::ApiError;
use actix_web::http::StatusCode;
use ourspace_domain::auth::AuthError;
use ourspace_domain::order::{OrderAction, OrderError};
use ourspace_domain::review::ReviewError;
use ourspace_domain::shared::ValidationErrors;
use ourspace_domain::space::SpaceError;
use ourspace_domain::user::UserError;

impl From<SpaceError> for ApiError {
    fn from(e: SpaceError) -> Self {
        match e {
            SpaceError::NotFound => Self::not_found("no such space"),
            SpaceError::Forbidden => Self::new(
                StatusCode::FORBIDDEN,
                "forbidden",
                "only the space's host may do this",
            ),
            SpaceError::Validation(errors) => Self::validation(errors),
            SpaceError::InvalidParameter(p) => Self::invalid_parameter(p.parameter, p.message),
            SpaceError::Image { index, reason } => Self::image(index, reason),
            SpaceError::HasActiveOrders => Self::new(
                StatusCode::CONFLICT,
                "has_active_orders",
                "the space has confirmed or waiting orders for today or later",
            ),
            SpaceError::LastImage => Self::new(
                StatusCode::CONFLICT,
                "last_image",
                "a space keeps at least one image; add another before deleting this one",
            ),
            SpaceError::Unexpected(source) => Self::internal(source),
        }
    }
}

impl From<ValidationErrors> for ApiError {
    fn from(errors: ValidationErrors) -> Self {
        ApiError::validation(errors)
    }
}

impl From<AuthError> for ApiError {
    fn from(e: AuthError) -> Self {
        use StatusCode as S;
        match e {
            AuthError::ProviderNotConfigured => Self::new(
                S::SERVICE_UNAVAILABLE,
                "kakao_not_configured",
                "Kakao sign-in is not configured on this server (OURSPACE_KAKAO_CLIENT_ID)",
            ),
            AuthError::ProviderTokenInvalid => Self::new(
                S::UNAUTHORIZED,
                "kakao_token_invalid",
                "Kakao rejected the access token",
            ),
            AuthError::ProviderCodeInvalid => Self::new(
                S::BAD_REQUEST,
                "kakao_code_invalid",
                "Kakao rejected the authorization code (expired or already used)",
            ),
            AuthError::ProviderUnavailable(cause) => {
                let mut e = Self::new(
                    S::BAD_GATEWAY,
                    "kakao_unavailable",
                    "Kakao did not answer in time; try again",
                );
                e.source = Some(cause);
                e
            }
            AuthError::InvalidState => Self::new(
                S::BAD_REQUEST,
                "invalid_state",
                "the sign-in state is invalid or expired; start again",
            ),
            AuthError::RedirectNotAllowed => {
                let mut e = Self::invalid_parameter("redirect_to", "is not an allowed redirect");
                e.code = "redirect_not_allowed";
                e
            }
            AuthError::InvalidToken => Self::unauthorized("the bearer token is invalid or expired"),
            AuthError::Unexpected(cause) => Self::internal(cause),
        }
    }
}

impl From<UserError> for ApiError {
    fn from(e: UserError) -> Self {
        match e {
            UserError::NotFound => Self::not_found("no such user"),
            UserError::Validation(errors) => Self::validation(errors),
            UserError::HasActiveOrders => Self::new(
                StatusCode::CONFLICT,
                "has_active_orders",
                "confirmed orders for today or later must be cancelled before the account is deleted",
            ),
            UserError::HasSpaces => Self::new(
                StatusCode::CONFLICT,
                "has_spaces",
                "delete the spaces you host before deleting the account",
            ),
            UserError::Unexpected(cause) => Self::internal(cause),
        }
    }
}

impl From<OrderError> for ApiError {
    fn from(e: OrderError) -> Self {
        use StatusCode as S;
        match e {
            OrderError::NotFound => Self::not_found("no such order"),
            OrderError::Forbidden(party) => Self::new(
                S::FORBIDDEN,
                "forbidden",
                format!("only the order's {party} may do this"),
            ),
            OrderError::Validation(errors) => Self::validation(errors),
            OrderError::InvalidParameter(p) => Self::invalid_parameter(p.parameter, p.message),
            OrderError::SlotTaken => Self::new(
                S::CONFLICT,
                "slot_taken",
                "one or more of these hours are already booked; check the space's availability",
            ),
            OrderError::InvalidTransition(t) => Self::new(
                S::CONFLICT,
                "invalid_transition",
                format!(
                    "an order that is {} cannot be {}",
                    t.from.as_str(),
                    action_past(t.action)
                ),
            ),
            OrderError::Superseded(now) => Self::new(
                S::CONFLICT,
                "invalid_transition",
                format!(
                    "the order changed while this request ran (it is now {}); read it again",
                    now.as_str()
                ),
            ),
            OrderError::AlreadyEnded => Self::new(
                S::CONFLICT,
                "invalid_transition",
                "the booked time has already ended; the order can no longer be cancelled",
            ),
            OrderError::InsufficientPoints => Self::new(
                S::CONFLICT,
                "insufficient_points",
                "the points balance does not cover the price",
            ),
            OrderError::TooManyWaiting(max) => Self::new(
                S::CONFLICT,
                "too_many_waiting_orders",
                format!(
                    "you have {max} orders waiting for payment or the host already; \
                     pay or cancel one first"
                ),
            ),
            OrderError::Unexpected(cause) => Self::internal(cause),
        }
    }
}

fn action_past(action: OrderAction) -> &'static str {
    match action {
        OrderAction::Approve => "approved",
        OrderAction::Reject => "rejected",
        OrderAction::Pay => "paid",
        OrderAction::Cancel | OrderAction::HostCancel => "cancelled",
        OrderAction::Expire => "expired",
    }
}

impl From<ReviewError> for ApiError {
    fn from(e: ReviewError) -> Self {
        use StatusCode as S;
        match e {
            ReviewError::SpaceNotFound => Self::not_found("no such space"),
            ReviewError::NotFound => Self::not_found("no such review"),
            ReviewError::Forbidden(why) => Self::new(S::FORBIDDEN, "forbidden", why),
            ReviewError::Validation(errors) => Self::validation(errors),
            ReviewError::AlreadyReviewed => Self::new(
                S::CONFLICT,
                "already_reviewed",
                "this order already has a review",
            ),
            ReviewError::Unexpected(cause) => Self::internal(cause),
        }
    }
}
