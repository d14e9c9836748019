//! Order DTOs: an order as its guest and its host see it, with the booked range as local
//! date-times in the business time zone.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use ourspace_domain::order::{BookerContact, OrderReading};
use ourspace_domain::shared::Paged;
use serde::Serialize;

/// The space an order is for.
#[derive(Serialize, utoipa::ToSchema)]
pub struct OrderSpaceDto {
    pub id: i64,
    pub title: String,
    /// The space's first photo.
    pub image_url: Option<String>,
    pub host_id: i64,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct BookerDto {
    pub name: String,
    pub phone: String,
    pub email: String,
    pub purpose: Option<String>,
    pub request: Option<String>,
}

impl From<BookerContact> for BookerDto {
    fn from(b: BookerContact) -> Self {
        Self {
            name: b.name,
            phone: b.phone,
            email: b.email,
            purpose: b.purpose,
            request: b.request,
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct RefundPolicyDto {
    /// Full refund when cancelled at least this many days before the date …
    pub full_refund_days_before: u32,
    /// … half at least this many days before; nothing after that.
    pub half_refund_days_before: u32,
}

/// An order.
#[derive(Serialize, utoipa::ToSchema)]
pub struct OrderDto {
    pub id: i64,
    /// `requested`, `pending`, `confirmed`, `cancelled`, `rejected` or `expired`.
    pub status: &'static str,
    /// True once the booked range has ended (business time zone).
    pub is_expired: bool,
    pub space: OrderSpaceDto,
    pub guest_id: i64,
    pub date: NaiveDate,
    pub option_id: Option<i64>,
    /// The package's name, or `null` for an hourly booking.
    pub option_name: Option<String>,
    /// Hours from midnight of `date` (`end_hour` up to 48).
    pub start_hour: u8,
    pub end_hour: u8,
    /// The booked range as local date-times with their offset (RFC 3339).
    pub starts_at: String,
    pub ends_at: String,
    pub guests: u16,
    pub price: i64,
    pub booker: BookerDto,
    /// While the order waits for the host or for payment.
    pub expires_at: Option<DateTime<Utc>>,
    /// Copied when paid.
    pub refund_policy: Option<RefundPolicyDto>,
    /// Points given back when it was cancelled after payment.
    pub refunded_amount: Option<i64>,
    pub created_at: DateTime<Utc>,
}

fn local(at: NaiveDateTime, zone: Tz) -> String {
    zone.from_local_datetime(&at)
        .earliest()
        .map_or_else(|| at.to_string(), |t| t.to_rfc3339())
}

impl OrderDto {
    #[must_use]
    pub fn new(reading: OrderReading, zone: Tz) -> Self {
        let OrderReading {
            view,
            status,
            is_expired,
        } = reading;
        let o = view.order;
        Self {
            id: o.id.get(),
            status: status.as_str(),
            is_expired,
            space: OrderSpaceDto {
                id: view.space.id.get(),
                title: view.space.title,
                image_url: view.space.image_url,
                host_id: view.space.host_id.get(),
            },
            guest_id: o.guest_id.get(),
            date: o.time.date,
            option_id: o.time.option_id.map(|id| id.get()),
            option_name: view.option_name,
            start_hour: o.time.hours.start(),
            end_hour: o.time.hours.end(),
            starts_at: local(o.time.starts_at(), zone),
            ends_at: local(o.time.ends_at(), zone),
            guests: o.guests,
            price: o.price.get(),
            booker: o.booker.into(),
            expires_at: o.expires_at.filter(|_| status.is_waiting()),
            refund_policy: o.refund_policy.map(|p| RefundPolicyDto {
                full_refund_days_before: p.full_days_before,
                half_refund_days_before: p.half_days_before,
            }),
            refunded_amount: view.refunded.map(|w| w.get()),
            created_at: o.created_at,
        }
    }
}

/// A page of orders.
#[derive(Serialize, utoipa::ToSchema)]
pub struct OrderPageDto {
    pub items: Vec<OrderDto>,
    pub page: u32,
    pub per_page: u32,
    pub total: u64,
}

impl OrderPageDto {
    #[must_use]
    pub fn new(paged: Paged<OrderReading>, zone: Tz) -> Self {
        Self {
            items: paged
                .items
                .into_iter()
                .map(|r| OrderDto::new(r, zone))
                .collect(),
            page: paged.page,
            per_page: paged.per_page,
            total: paged.total,
        }
    }
}
