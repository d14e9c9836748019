//! SeaORM entities for the tables the repositories write through the ORM. Reads that join
//! several tables use hand-written SQL (see `repo::space_sql`), to stay at a fixed number of
//! statements.

pub mod categories;
pub mod districts;
pub mod facilities;
pub mod price_options;
pub mod space_facilities;
pub mod space_images;
pub mod spaces;
pub mod users;
