//! A project's document folder: its listing and versions live in the project's space (`space::files`); its bytes in
//! R2, under the keys made here.

use crate::domain::error::ApiError;

/// Where a file version's bytes live. The key is made from ids only, never from a file name.
pub fn object_key(project: &str, version: &str) -> String {
    format!("files/{project}/{version}")
}

pub fn name_taken(name: &str) -> ApiError {
    ApiError::conflict("name_taken", format!("There is already an item called \"{name}\" here. Choose another name.")).with_field("name")
}
