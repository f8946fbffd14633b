//! Mail placeholder for a local build.
use crate::cli::MailArgs;
use crate::error::Error;
/// Placeholder.
pub fn mail(_args: &MailArgs) -> Result<(), Error> {
    Err(Error::Usage("x".into()))
}
