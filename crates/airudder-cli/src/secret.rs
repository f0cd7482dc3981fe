//! Secrets (the APPSecret) for `call` and `export`: from the environment, else asked at the
//! terminal without echo, never from a flag, which `ps` and shell histories would show.

use std::io::IsTerminal;

/// An environment variable's value; empty counts as unset, as the client reads them.
pub(crate) fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|value| !value.is_empty())
}

/// The variable `AIRUDDER_<FIELD>` that carries a secret request field (`AIRUDDER_APP_SECRET`
/// for `APPSecret`).
pub(crate) fn variable_of(field: &str) -> String {
    format!(
        "AIRUDDER_{}",
        heck::ToShoutySnakeCase::to_shouty_snake_case(field)
    )
}

/// The secret from `variable`, else typed at the terminal after `prompt` (not echoed); `None`
/// when neither is there (standard input is not a terminal: a script, a pipe, CI).
pub(crate) fn read(variable: &str, prompt: &str) -> Result<Option<String>, String> {
    if let Some(value) = var(variable) {
        return Ok(Some(value));
    }
    if !std::io::stdin().is_terminal() {
        return Ok(None);
    }
    let typed = rpassword::prompt_password(format!("{prompt} (or set {variable}): "))
        .map_err(|error| format!("cannot read the secret at the terminal: {error}"))?;
    Ok(Some(typed.trim_end_matches(['\r', '\n']).to_owned()).filter(|typed| !typed.is_empty()))
}

#[cfg(test)]
mod tests {
    use super::variable_of;

    #[test]
    fn a_secret_field_is_read_from_the_variable_named_after_it() {
        assert_eq!(variable_of("APPSecret"), "AIRUDDER_APP_SECRET");
        assert_eq!(
            variable_of("webhookSigningKey"),
            "AIRUDDER_WEBHOOK_SIGNING_KEY"
        );
    }
}
