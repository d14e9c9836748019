//! Reading orders: one statement for an order with its space's title and first photo, two
//! for a page of them (the page and the total).

use super::Count;
use super::space_sql::Sql;
use super::status_sql;
use chrono::{DateTime, Days, NaiveDate, Timelike, Utc};
use ourspace_domain::order::{
    BookedTime, BookerContact, Order, OrderFilter, OrderSpace, OrderStatus, OrderView,
    RefundPolicy, When,
};
use ourspace_domain::shared::{BoxError, HourRange, OrderId, PriceOptionId, SpaceId, UserId, Won};
use sea_orm::{ConnectionTrait, DbBackend, FromQueryResult, Statement};

const COLUMNS: &str = "o.id, o.space_id, o.guest_id, o.date, o.option_id, o.option_name, \
     o.start_hour, o.end_hour, o.guests, o.booker_name, o.booker_phone, o.booker_email, \
     o.booker_purpose, o.booker_request, o.price, o.status, o.expires_at, o.refund_full_days, \
     o.refund_half_days, o.refunded_amount, o.created_at, s.title AS space_title, s.host_id, \
     (SELECT i.url FROM space_images i WHERE i.space_id = o.space_id \
      ORDER BY i.position, i.id LIMIT 1) AS image_url";

const FROM: &str = "FROM orders o JOIN spaces s ON s.id = o.space_id";

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
    let stmt = Statement::from_sql_and_values(
        db.get_database_backend(),
        format!("SELECT {COLUMNS} {FROM} WHERE o.id = ?"),
        [id.get().into()],
    );
    OrderRow::find_by_statement(stmt)
        .one(db)
        .await?
        .map(OrderRow::into_view)
        .transpose()
}

/// `WHERE …` for every filter.
fn filters(sql: &mut Sql, f: &OrderFilter) {
    sql.push(" WHERE 1 = 1", []);
    if let Some(guest) = f.guest {
        sql.push(" AND o.guest_id = ?", [guest.get().into()]);
    }
    if let Some(host) = f.host {
        sql.push(" AND s.host_id = ?", [host.get().into()]);
    }
    if let Some(space) = f.space {
        sql.push(" AND o.space_id = ?", [space.get().into()]);
    }
    if let Some(status) = f.status {
        let (seen, values) = status_sql::seen_at("o.", f.now);
        sql.push(&format!(" AND {seen} = ?"), values);
        sql.push("", [status.as_str().into()]);
    }
    if let Some(from) = f.date_from {
        sql.push(" AND o.date >= ?", [from.into()]);
    }
    if let Some(to) = f.date_to {
        sql.push(" AND o.date <= ?", [to.into()]);
    }
    if let Some(when) = f.when {
        // Ended: the end (date + end_hour, up to 48) is at or before local now.
        let today = f.local_now.date();
        let yesterday = today - Days::new(1);
        let minutes = i64::from(f.local_now.hour() * 60 + f.local_now.minute());
        let ended = "(o.date < ? OR (o.date = ? AND o.end_hour * 60 <= ?) \
                     OR (o.date = ? AND o.end_hour * 60 <= ?))";
        let not = if when == When::Upcoming { "NOT " } else { "" };
        sql.push(
            &format!(" AND {not}{ended}"),
            [
                yesterday.into(),
                yesterday.into(),
                (minutes + 24 * 60).into(),
                today.into(),
                minutes.into(),
            ],
        );
    }
}

/// One page of orders, newest date first, and the total.
pub(super) async fn list(
    db: &impl ConnectionTrait,
    f: &OrderFilter,
) -> Result<(Vec<OrderView>, u64), BoxError> {
    let backend: DbBackend = db.get_database_backend();
    let mut page = Sql::default();
    page.push(&format!("SELECT {COLUMNS} {FROM}"), []);
    filters(&mut page, f);
    page.push(
        " ORDER BY o.date DESC, o.start_hour DESC, o.id DESC LIMIT ? OFFSET ?",
        [
            i64::from(f.page.per_page()).into(),
            (f.page.offset() as i64).into(),
        ],
    );
    let rows = OrderRow::find_by_statement(page.statement(backend))
        .all(db)
        .await?;
    let items = rows
        .into_iter()
        .map(OrderRow::into_view)
        .collect::<Result<Vec<_>, _>>()?;
    let mut count = Sql::default();
    count.push(&format!("SELECT COUNT(*) AS n {FROM}"), []);
    filters(&mut count, f);
    let total = Count::find_by_statement(count.statement(backend))
        .one(db)
        .await?
        .map_or(0, |c| c.n);
    Ok((items, u64::try_from(total)?))
}
