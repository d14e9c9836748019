//! Reading orders: one statement for an order with its space's title and first photo, two
//! for a page of them (the page and the total).

use super::Count;
use super::count_all;
use super::status_sql;
use chrono::{DateTime, Days, NaiveDate, Timelike, Utc};
use ourspace_domain::order::{
    BookedTime, BookerContact, Order, OrderFilter, OrderSpace, OrderStatus, OrderView,
    RefundPolicy, When,
};
use ourspace_domain::shared::{BoxError, HourRange, OrderId, PriceOptionId, SpaceId, UserId, Won};
use sea_orm::sea_query::{Expr, ExprTrait, JoinType, Order as SqlOrder, Query, SelectStatement};
use sea_orm::{ConnectionTrait, FromQueryResult};

/// The columns an order is placed with (beside its time stamps).
pub(super) const PLACED: [&str; 16] = [
    "space_id",
    "guest_id",
    "date",
    "option_id",
    "option_name",
    "start_hour",
    "end_hour",
    "guests",
    "booker_name",
    "booker_phone",
    "booker_email",
    "booker_purpose",
    "booker_request",
    "price",
    "status",
    "expires_at",
];

/// The order's own columns a view reads.
fn columns() -> impl Iterator<Item = (&'static str, &'static str)> {
    let later = [
        "refund_full_days",
        "refund_half_days",
        "refunded_amount",
        "created_at",
    ];
    std::iter::once("id")
        .chain(PLACED)
        .chain(later)
        .map(|c| ("o", c))
}

fn o(column: &'static str) -> Expr {
    Expr::col(("o", column))
}

/// `FROM orders o JOIN spaces s`, the space's row beside each order.
fn orders_with_spaces(select: &mut SelectStatement) -> &mut SelectStatement {
    select.from_as("orders", "o").join_as(
        JoinType::InnerJoin,
        "spaces",
        "s",
        Expr::col(("s", "id")).equals(("o", "space_id")),
    )
}

/// The orders with their space's title and host and its first photo.
fn views() -> SelectStatement {
    let first_image = Query::select()
        .column(("i", "url"))
        .from_as("space_images", "i")
        .and_where(Expr::col(("i", "space_id")).equals(("o", "space_id")))
        .order_by(("i", "position"), SqlOrder::Asc)
        .order_by(("i", "id"), SqlOrder::Asc)
        .limit(1)
        .take();
    let mut select = Query::select();
    select
        .columns(columns())
        .expr_as(Expr::col(("s", "title")), "space_title")
        .column(("s", "host_id"))
        .expr_as(first_image, "image_url");
    orders_with_spaces(&mut select);
    select
}

#[derive(Debug, FromQueryResult)]
struct OrderRow {
    id: i64,
    space_id: i64,
    guest_id: i64,
    date: NaiveDate,
    option_id: Option<i64>,
    option_name: Option<String>,
    start_hour: i64,
    end_hour: i64,
    guests: i64,
    booker_name: String,
    booker_phone: String,
    booker_email: String,
    booker_purpose: Option<String>,
    booker_request: Option<String>,
    price: i64,
    status: String,
    expires_at: Option<DateTime<Utc>>,
    refund_full_days: Option<i64>,
    refund_half_days: Option<i64>,
    refunded_amount: Option<i64>,
    created_at: DateTime<Utc>,
    space_title: String,
    host_id: i64,
    image_url: Option<String>,
}

impl OrderRow {
    fn into_view(self) -> Result<OrderView, BoxError> {
        let refund_policy = match (self.refund_full_days, self.refund_half_days) {
            (Some(full), Some(half)) => Some(RefundPolicy {
                full_days_before: u32::try_from(full)?,
                half_days_before: u32::try_from(half)?,
            }),
            _ => None,
        };
        Ok(OrderView {
            order: Order {
                id: OrderId(self.id),
                space_id: SpaceId(self.space_id),
                guest_id: UserId(self.guest_id),
                time: BookedTime {
                    date: self.date,
                    option_id: self.option_id.map(PriceOptionId),
                    hours: HourRange::new(self.start_hour, self.end_hour)?,
                },
                guests: u16::try_from(self.guests)?,
                // Stored as checked; a deleted account's orders keep only the name.
                booker: BookerContact {
                    name: self.booker_name,
                    phone: self.booker_phone,
                    email: self.booker_email,
                    purpose: self.booker_purpose,
                    request: self.booker_request,
                },
                price: Won::new(self.price)?,
                status: self.status.parse::<OrderStatus>()?,
                expires_at: self.expires_at,
                refund_policy,
                created_at: self.created_at,
            },
            space: OrderSpace {
                id: SpaceId(self.space_id),
                title: self.space_title,
                host_id: UserId(self.host_id),
                image_url: self.image_url,
            },
            option_name: self.option_name,
            refunded: self.refunded_amount.map(Won::new).transpose()?,
        })
    }
}

/// The order with its space's title, host and first photo.
pub(super) async fn find(
    db: &impl ConnectionTrait,
    id: OrderId,
) -> Result<Option<OrderView>, BoxError> {
    let query = views().and_where(o("id").eq(id.get())).take();
    OrderRow::find_by_statement(db.get_database_backend().build(&query))
        .one(db)
        .await?
        .map(OrderRow::into_view)
        .transpose()
}

/// `WHERE …` for every filter.
fn filters(select: &mut SelectStatement, f: &OrderFilter) {
    if let Some(guest) = f.guest {
        select.and_where(o("guest_id").eq(guest.get()));
    }
    if let Some(host) = f.host {
        select.and_where(Expr::col(("s", "host_id")).eq(host.get()));
    }
    if let Some(space) = f.space {
        select.and_where(o("space_id").eq(space.get()));
    }
    if let Some(status) = f.status {
        select.and_where(status_sql::seen_by_reader("o", f.now).eq(status.as_str()));
    }
    if let Some(from) = f.date_from {
        select.and_where(o("date").gte(from));
    }
    if let Some(to) = f.date_to {
        select.and_where(o("date").lte(to));
    }
    if let Some(when) = f.when {
        // Ended: the end (date + end_hour, up to 48) is at or before local now.
        let today = f.local_now.date();
        let yesterday = today - Days::new(1);
        let minutes = i64::from(f.local_now.hour() * 60 + f.local_now.minute());
        let ends_by = |date: NaiveDate, minutes: i64| {
            o("date").eq(date).and(o("end_hour").mul(60).lte(minutes))
        };
        let ended = o("date")
            .lt(yesterday)
            .or(ends_by(yesterday, minutes + 24 * 60))
            .or(ends_by(today, minutes));
        select.and_where(match when {
            When::Upcoming => ended.not(),
            When::Past => ended,
        });
    }
}

/// One page of orders, newest date first, and the total.
pub(super) async fn list(
    db: &impl ConnectionTrait,
    f: &OrderFilter,
) -> Result<(Vec<OrderView>, u64), BoxError> {
    let backend = db.get_database_backend();
    let mut page = views();
    filters(&mut page, f);
    for column in ["date", "start_hour", "id"] {
        page.order_by(("o", column), SqlOrder::Desc);
    }
    page.limit(u64::from(f.page.per_page()))
        .offset(f.page.offset());
    let rows = OrderRow::find_by_statement(backend.build(&page))
        .all(db)
        .await?;
    let items = rows
        .into_iter()
        .map(OrderRow::into_view)
        .collect::<Result<Vec<_>, _>>()?;
    let mut count = Query::select();
    count.expr_as(count_all(), "n");
    orders_with_spaces(&mut count);
    filters(&mut count, f);
    let total = Count::find_by_statement(backend.build(&count))
        .one(db)
        .await?
        .map_or(0, |c| c.n);
    Ok((items, u64::try_from(total)?))
}
