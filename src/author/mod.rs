//! Authoring: what qaledger writes for people to edit — `init`'s scaffold, `new`'s draft record
//! (from its schema, with placeholders) and `schema export`'s plain JSON Schema.

pub mod draft;
pub mod edit;
pub mod export;
pub mod imported;
pub mod scaffold;
