//! Keyword search's postings (`space_grams`): one row per gram of a live space's
//! searchable text (see `ourspace_domain::space::keyword`), carrying whether the title has
//! the gram and the space's like count and average rating, so a keyword's relevance order
//! is an index range. Written with the space; the sort keys follow every like, unlike and
//! review in the same transaction ([`follow_space`], [`follow_likes_of`]).

use ourspace_domain::space::keyword::{Posting, postings};
use sea_orm::sea_query::{Expr, ExprTrait, Query, SelectStatement};
use sea_orm::{ConnectionTrait, DbErr};

const COLUMNS: [&str; 5] = ["gram", "space_id", "in_title", "like_count", "rating_avg"];

/// The sort keys a posting copies from its space.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SortKeys {
    pub like_count: i64,
    pub rating_avg: f64,
}

/// A space to write the postings of.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Indexed<'a> {
    pub space: i64,
    pub title: &'a str,
    pub search_text: &'a str,
    pub keys: SortKeys,
}

/// Writes the postings of the spaces (none may have any yet), 500 rows a statement.
pub(crate) async fn write<C: ConnectionTrait>(db: &C, spaces: &[Indexed<'_>]) -> Result<(), DbErr> {
    let rows: Vec<(i64, SortKeys, Posting)> = spaces
        .iter()
        .flat_map(|s| {
            postings(s.title, s.search_text)
                .into_iter()
                .map(move |p| (s.space, s.keys, p))
        })
        .collect();
    for chunk in rows.chunks(500) {
        let mut insert = Query::insert();
        insert.into_table("space_grams").columns(COLUMNS);
        for (space, keys, p) in chunk {
            insert
                .values([
                    p.gram.as_str().into(),
                    (*space).into(),
                    p.in_title.into(),
                    keys.like_count.into(),
                    keys.rating_avg.into(),
                ])
                .map_err(|e| DbErr::Custom(e.to_string()))?;
        }
        db.execute_raw(db.get_database_backend().build(&insert))
            .await?;
    }
    Ok(())
}

/// Copies `column` of the posting's space onto the posting.
fn copied(column: &'static str) -> Expr {
    let mut read = Query::select();
    read.column(("s", column))
        .from_as("spaces", "s")
        .and_where(Expr::col(("s", "id")).equals(("space_grams", "space_id")));
    Expr::from(read)
}

/// Copies the sort keys of their spaces onto the postings `of` picks.
async fn follow<C: ConnectionTrait>(db: &C, of: Expr) -> Result<(), DbErr> {
    let update = Query::update()
        .table("space_grams")
        .value("like_count", copied("like_count"))
        .value("rating_avg", copied("rating_avg"))
        .and_where(of)
        .take();
    db.execute_raw(db.get_database_backend().build(&update))
        .await
        .map(|_| ())
}

/// Brings the sort keys of space `space`'s postings in step with the space (after a like,
/// an unlike or a review changed them).
pub(crate) async fn follow_space<C: ConnectionTrait>(db: &C, space: i64) -> Result<(), DbErr> {
    follow(db, Expr::col("space_id").eq(space)).await
}

/// Brings in step the postings of every space user `user` likes (run after their likes
/// were taken off the spaces' counts, before the likes go).
pub(crate) async fn follow_likes_of<C: ConnectionTrait>(db: &C, user: i64) -> Result<(), DbErr> {
    let liked: SelectStatement = Query::select()
        .column("space_id")
        .from("likes")
        .and_where(Expr::col("user_id").eq(user))
        .take();
    follow(db, Expr::col("space_id").in_subquery(liked)).await
}

/// Rewrites every live space's postings (for the benchmark's fill, which writes spaces in
/// bulk).
///
/// # Errors
/// The database failure.
pub async fn rebuild_postings<C: ConnectionTrait>(db: &C) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    db.execute(&Query::delete().from_table("space_grams").take())
        .await?;
    let read = Query::select()
        .columns(["id", "title", "search_text", "like_count", "rating_avg"])
        .from("spaces")
        .and_where(Expr::col("deleted_at").is_null())
        .take();
    let rows = db.query_all_raw(backend.build(&read)).await?;
    let mut read = Vec::with_capacity(rows.len());
    for row in rows {
        let id: i64 = row.try_get("", "id")?;
        let title: String = row.try_get("", "title")?;
        let text: String = row.try_get("", "search_text")?;
        let keys = SortKeys {
            like_count: row.try_get("", "like_count")?,
            rating_avg: row.try_get("", "rating_avg")?,
        };
        read.push((id, title, text, keys));
    }
    for chunk in read.chunks(1000) {
        let spaces: Vec<Indexed<'_>> = chunk
            .iter()
            .map(|(space, title, search_text, keys)| Indexed {
                space: *space,
                title,
                search_text,
                keys: *keys,
            })
            .collect();
        write(db, &spaces).await?;
    }
    Ok(())
}
