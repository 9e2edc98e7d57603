//! The words of e-mails in each language, read from the static assets (`public/i18n/mail.<lang>.json`) when a mail
//! is sent or a digest written, once per language and run; English is compiled in (`domain/words.rs`).

use crate::domain::words::{Words, LANGUAGES};
use std::collections::HashMap;
use worker::Env;

#[derive(Default)]
pub struct Catalogues(HashMap<String, Words>);

impl Catalogues {
    /// The words of `lang` (English when it has none, or its file cannot be read).
    pub async fn get(&mut self, env: &Env, lang: &str) -> &Words {
        if lang == "en" || !LANGUAGES.contains(&lang) {
            return Words::english();
        }
        if !self.0.contains_key(lang) {
            let text = read(env, lang).await;
            if text.is_none() {
                worker::console_error!("public/i18n/mail.{lang}.json could not be read: English instead");
            }
            self.0.insert(lang.to_string(), Words::or_english(lang, text.as_deref()));
        }
        self.0.get(lang).unwrap_or(Words::english())
    }
}

async fn read(env: &Env, lang: &str) -> Option<String> {
    let mut resp = env.assets("ASSETS").ok()?.fetch(format!("https://assets.local/i18n/mail.{lang}.json"), None).await.ok()?;
    if resp.status_code() != 200 {
        return None;
    }
    resp.text().await.ok()
}
