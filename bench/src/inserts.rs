//! The fill's multi-row inserts: built with sea-query, rendered for MySQL a batch of 1,000
//! rows at a time (the values inline, as sea-query escapes them), then written: in order, or
//! a few statements at once where the rows' ids do not matter.

use ourspace_domain::shared::BoxError;
use sea_orm::sea_query::{Expr, InsertStatement, MysqlQueryBuilder, Query, Value};
use sea_orm::{ConnectionTrait, DatabaseConnection};

const BATCH: usize = 1_000;

/// The rows of one table, as rendered statements of up to [`BATCH`] rows each.
pub(crate) struct Inserts {
    table: &'static str,
    columns: &'static [&'static str],
    batch: InsertStatement,
    in_batch: usize,
    rows: usize,
    rendered: Vec<String>,
}

impl Inserts {
    pub(crate) fn new(table: &'static str, columns: &'static [&'static str]) -> Self {
        Self {
            table,
            columns,
            batch: Self::empty(table, columns),
            in_batch: 0,
            rows: 0,
            rendered: Vec::new(),
        }
    }

    fn empty(table: &'static str, columns: &'static [&'static str]) -> InsertStatement {
        Query::insert()
            .into_table(table)
            .columns(columns.iter().copied())
            .take()
    }

    /// Adds a row: one value per column, in the columns' order.
    pub(crate) fn row<const N: usize>(&mut self, values: [Value; N]) {
        self.batch.values_panic(values.map(Expr::val));
        self.in_batch += 1;
        self.rows += 1;
        if self.in_batch == BATCH {
            self.render();
        }
    }

    /// How many rows were added.
    pub(crate) fn len(&self) -> usize {
        self.rows
    }

    fn render(&mut self) {
        if self.in_batch > 0 {
            let full = std::mem::replace(&mut self.batch, Self::empty(self.table, self.columns));
            self.rendered.push(full.to_string(MysqlQueryBuilder));
            self.in_batch = 0;
        }
    }

    /// Writes every row, one statement after another (the rows' ids follow their order).
    pub(crate) async fn write(self, db: &DatabaseConnection) -> Result<(), BoxError> {
        self.write_in(db, 1).await
    }

    /// Writes every row, `lanes` statements at a time: for a table whose ids nothing
    /// refers to, so the order the rows land in does not matter.
    pub(crate) async fn write_in(
        mut self,
        db: &DatabaseConnection,
        lanes: usize,
    ) -> Result<(), BoxError> {
        self.render();
        let mut running = tokio::task::JoinSet::new();
        for sql in self.rendered {
            if running.len() >= lanes.max(1) {
                Self::joined(running.join_next().await)?;
            }
            let db = db.clone();
            running.spawn(async move { db.execute_unprepared(&sql).await.map(|_| ()) });
        }
        while let Some(done) = running.join_next().await {
            Self::joined(Some(done))?;
        }
        Ok(())
    }

    fn joined(
        done: Option<Result<Result<(), sea_orm::DbErr>, tokio::task::JoinError>>,
    ) -> Result<(), BoxError> {
        match done {
            Some(done) => Ok(done??),
            None => Ok(()),
        }
    }
}
