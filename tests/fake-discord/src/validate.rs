//! Discord's request validation: limits and required fields, answered the way Discord answers.
//!
//! Form errors come back as `400 {"code":50035,"message":"Invalid Form Body","errors":{..}}` with
//! the nested `errors` tree Discord uses (`{"embeds":{"0":{"title":{"_errors":[..]}}}}`), so a
//! bot that logs or parses them sees the real shape. Permission checks live in `rest.rs`; this
//! file only looks at bodies.

use chrono::{DateTime, Utc};
use serde_json::{json, Map, Value};

/// An error answer: HTTP status plus Discord's JSON body.
#[derive(Clone, Debug)]
pub struct ApiError {
    pub status: u16,
    pub body: Value,
}

impl ApiError {
    pub fn new(status: u16, code: u64, message: &str) -> Self {
        Self {
            status,
            body: json!({ "message": message, "code": code }),
        }
    }
    pub fn unauthorized() -> Self {
        Self::new(401, 0, "401: Unauthorized")
    }
    pub fn not_found() -> Self {
        Self::new(404, 0, "404: Not Found")
    }
    pub fn server_error(status: u16) -> Self {
        let text = match status {
            502 => "502: Bad Gateway",
            503 => "503: Service Unavailable",
            _ => "500: Internal Server Error",
        };
        Self::new(status, 0, text)
    }
    pub fn unknown_channel() -> Self {
        Self::new(404, 10003, "Unknown Channel")
    }
    pub fn unknown_guild() -> Self {
        Self::new(404, 10004, "Unknown Guild")
    }
    pub fn unknown_member() -> Self {
        Self::new(404, 10007, "Unknown Member")
    }
    pub fn unknown_message() -> Self {
        Self::new(404, 10008, "Unknown Message")
    }
    pub fn unknown_user() -> Self {
        Self::new(404, 10013, "Unknown User")
    }
    pub fn unknown_webhook() -> Self {
        Self::new(404, 10015, "Unknown Webhook")
    }
    pub fn unknown_interaction() -> Self {
        Self::new(404, 10062, "Unknown interaction")
    }
    pub fn unknown_command() -> Self {
        Self::new(404, 10063, "Unknown application command")
    }
    pub fn unknown_scheduled_event() -> Self {
        Self::new(404, 10070, "Unknown Guild Scheduled Event")
    }
    pub fn already_acknowledged() -> Self {
        Self::new(400, 40060, "Interaction has already been acknowledged.")
    }
    pub fn missing_access() -> Self {
        Self::new(403, 50001, "Missing Access")
    }
    pub fn cannot_edit_others() -> Self {
        Self::new(403, 50005, "Cannot edit a message authored by another user")
    }
    pub fn empty_message() -> Self {
        Self::new(400, 50006, "Cannot send an empty message")
    }
    pub fn cannot_dm() -> Self {
        Self::new(403, 50007, "Cannot send messages to this user")
    }
    pub fn non_text_channel() -> Self {
        Self::new(400, 50008, "Cannot send messages in a non-text channel")
    }
    pub fn missing_permissions() -> Self {
        Self::new(403, 50013, "Missing Permissions")
    }
    pub fn invalid_webhook_token() -> Self {
        Self::new(401, 50027, "Invalid Webhook Token")
    }
    pub fn invalid_json() -> Self {
        Self::new(400, 50109, "The request body contains invalid JSON.")
    }
    pub fn too_large() -> Self {
        Self::new(413, 40005, "Request entity too large")
    }
}

/// Collects field errors into Discord's nested `errors` tree.
#[derive(Default, Debug)]
pub struct FormErrors {
    root: Map<String, Value>,
}

impl FormErrors {
    /// `path` is dotted, with array indexes as segments: `"embeds.0.fields.3.value"`.
    /// An empty path puts the error at the top level (`errors._errors`).
    pub fn add(&mut self, path: &str, code: &str, message: impl Into<String>) {
        let mut node = &mut self.root;
        for seg in path.split('.').filter(|s| !s.is_empty()) {
            node = node
                .entry(seg.to_string())
                .or_insert_with(|| json!({}))
                .as_object_mut()
                .expect("error tree nodes are objects");
        }
        node.entry("_errors".to_string())
            .or_insert_with(|| json!([]))
            .as_array_mut()
            .expect("_errors is an array")
            .push(json!({ "code": code, "message": message.into() }));
    }

    pub fn is_empty(&self) -> bool {
        self.root.is_empty()
    }

    pub fn into_result(self) -> Result<(), ApiError> {
        if self.is_empty() {
            return Ok(());
        }
        Err(ApiError {
            status: 400,
            body: json!({ "code": 50035, "message": "Invalid Form Body", "errors": self.root }),
        })
    }

    fn max_len(&mut self, path: &str, v: &Value, max: usize) {
        if let Some(s) = v.as_str() {
            if s.chars().count() > max {
                self.add(
                    path,
                    "BASE_TYPE_MAX_LENGTH",
                    format!("Must be {max} or fewer in length."),
                );
            }
        } else if !v.is_null() {
            self.add(
                path,
                "BASE_TYPE_STRING",
                format!("Could not interpret \"{v}\" as string."),
            );
        }
    }

    fn bad_len(&mut self, path: &str, v: &Value, min: usize, max: usize) {
        match v.as_str() {
            Some(s) if (min..=max).contains(&s.chars().count()) => {}
            Some(_) => self.add(
                path,
                "BASE_TYPE_BAD_LENGTH",
                format!("Must be between {min} and {max} in length."),
            ),
            None if v.is_null() => self.required(path),
            None => self.add(
                path,
                "BASE_TYPE_STRING",
                format!("Could not interpret \"{v}\" as string."),
            ),
        }
    }

    fn required(&mut self, path: &str) {
        self.add(path, "BASE_TYPE_REQUIRED", "This field is required");
    }

    fn max_items(&mut self, path: &str, v: &Value, max: usize) -> Vec<Value> {
        match v {
            Value::Array(a) => {
                if a.len() > max {
                    self.add(
                        path,
                        "BASE_TYPE_MAX_LENGTH",
                        format!("Must be {max} or fewer in length."),
                    );
                }
                a.clone()
            }
            Value::Null => vec![],
            other => {
                self.add(
                    path,
                    "BASE_TYPE_ARRAY",
                    format!("Could not interpret \"{other}\" as array."),
                );
                vec![]
            }
        }
    }
}

/// Characters as Discord counts them for limits (Unicode code points).
pub fn chars(v: &Value) -> usize {
    v.as_str().map_or(0, |s| s.chars().count())
}

/// A file part of a multipart request.
#[derive(Clone, Debug)]
pub struct Upload {
    /// Form field name: `files[0]`, `file`, ...
    pub field: String,
    pub filename: String,
    pub content_type: Option<String>,
    pub size: usize,
}

/// Where a message body is being sent; the allowed flags differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    ChannelCreate,
    ChannelEdit,
    InteractionMessage,
    Followup,
    WebhookEdit,
}

pub const FLAG_SUPPRESS_EMBEDS: u64 = 1 << 2;
pub const FLAG_EPHEMERAL: u64 = 1 << 6;
pub const FLAG_LOADING: u64 = 1 << 7;
pub const FLAG_SUPPRESS_NOTIFICATIONS: u64 = 1 << 12;
pub const FLAG_IS_VOICE_MESSAGE: u64 = 1 << 13;
pub const FLAG_IS_COMPONENTS_V2: u64 = 1 << 15;

impl Target {
    fn allowed_flags(self) -> u64 {
        match self {
            Target::ChannelCreate => {
                FLAG_SUPPRESS_EMBEDS
                    | FLAG_SUPPRESS_NOTIFICATIONS
                    | FLAG_IS_VOICE_MESSAGE
                    | FLAG_IS_COMPONENTS_V2
            }
            Target::ChannelEdit | Target::WebhookEdit => {
                FLAG_SUPPRESS_EMBEDS | FLAG_IS_COMPONENTS_V2
            }
            Target::InteractionMessage | Target::Followup => {
                FLAG_SUPPRESS_EMBEDS
                    | FLAG_EPHEMERAL
                    | FLAG_SUPPRESS_NOTIFICATIONS
                    | FLAG_IS_COMPONENTS_V2
            }
        }
    }
}

/// Checks a message body (create, edit or interaction message data) against Discord's limits.
/// `known_files` are filenames an `attachment://` URL may name (new uploads plus attachments kept
/// on an edited message).
pub fn message_body(body: &Value, known_files: &[String], target: Target) -> FormErrors {
    let mut e = FormErrors::default();
    if !body.is_object() {
        e.add(
            "",
            "DICT_TYPE_CONVERT",
            "Only dictionaries may be used in a DictType",
        );
        return e;
    }
    e.max_len("content", &body["content"], 2000);
    let embeds = e.max_items("embeds", &body["embeds"], 10);
    let mut total = 0;
    for (i, embed) in embeds.iter().enumerate() {
        total += embed_checks(&mut e, &format!("embeds.{i}"), embed, known_files);
    }
    if total > 6000 {
        e.add(
            "embeds",
            "MAX_EMBED_SIZE_EXCEEDED",
            "Embed size exceeds maximum size of 6000",
        );
    }
    let flags = &body["flags"];
    if !flags.is_null() {
        match flags.as_u64() {
            Some(f) if f & !target.allowed_flags() == 0 => {}
            _ => e.add(
                "flags",
                "MESSAGE_FLAGS_INVALID",
                format!("Invalid flags value {flags} for this request"),
            ),
        }
    }
    let v2 = flags.as_u64().unwrap_or(0) & FLAG_IS_COMPONENTS_V2 != 0;
    components(&mut e, &body["components"], v2);
    if v2 && (!body["content"].is_null() || !body["embeds"].is_null()) {
        e.add(
            "content",
            "MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2",
            "The 'content' and 'embeds' fields cannot be used when using MessageFlags.IS_COMPONENTS_V2",
        );
    }
    allowed_mentions(&mut e, &body["allowed_mentions"]);
    match &body["nonce"] {
        Value::Null | Value::Number(_) => {}
        Value::String(s) if s.chars().count() <= 25 => {}
        Value::String(_) => e.add(
            "nonce",
            "BASE_TYPE_MAX_LENGTH",
            "Must be 25 or fewer in length.",
        ),
        other => e.add(
            "nonce",
            "BASE_TYPE_STRING",
            format!("Could not interpret \"{other}\" as string."),
        ),
    }
    if !matches!(body["enforce_nonce"], Value::Null | Value::Bool(_)) {
        e.add(
            "enforce_nonce",
            "BASE_TYPE_BOOLEAN",
            "Must be either true or false.",
        );
    }
    if !matches!(body["tts"], Value::Null | Value::Bool(_)) {
        e.add("tts", "BASE_TYPE_BOOLEAN", "Must be either true or false.");
    }
    for (i, a) in e
        .max_items("attachments", &body["attachments"], 10)
        .iter()
        .enumerate()
    {
        if a["id"].is_null() {
            e.required(&format!("attachments.{i}.id"));
        }
        e.max_len(
            &format!("attachments.{i}.description"),
            &a["description"],
            1024,
        );
    }
    e.max_items("sticker_ids", &body["sticker_ids"], 3);
    e
}

fn is_url(s: &str, allow_attachment: bool) -> bool {
    let ok_scheme = s.starts_with("https://")
        || s.starts_with("http://")
        || (allow_attachment && s.starts_with("attachment://"));
    ok_scheme
        && !s.contains(char::is_whitespace)
        && s.split("://").nth(1).is_some_and(|r| !r.is_empty())
}

fn url_field(e: &mut FormErrors, path: &str, v: &Value, known_files: &[String], required: bool) {
    match v.as_str() {
        None if v.is_null() => {
            if required {
                e.required(path)
            }
        }
        None => e.add(
            path,
            "BASE_TYPE_STRING",
            format!("Could not interpret \"{v}\" as string."),
        ),
        Some(s) if !is_url(s, true) => {
            e.add(path, "URL_TYPE_INVALID_URL", "Not a well formed URL.")
        }
        Some(s) => {
            if let Some(name) = s.strip_prefix("attachment://") {
                if !known_files.iter().any(|f| f == name) {
                    // Discord cannot resolve the reference, so it rejects the URL.
                    e.add(path, "URL_TYPE_INVALID_URL", "Not a well formed URL.");
                }
            }
            if s.chars().count() > 2048 {
                e.add(
                    path,
                    "BASE_TYPE_MAX_LENGTH",
                    "Must be 2048 or fewer in length.",
                );
            }
        }
    }
}

/// Validates one embed and returns its text size for the 6000-character total.
fn embed_checks(e: &mut FormErrors, p: &str, embed: &Value, known_files: &[String]) -> usize {
    if !embed.is_object() {
        e.add(
            p,
            "DICT_TYPE_CONVERT",
            "Only dictionaries may be used in a DictType",
        );
        return 0;
    }
    let mut size = 0;
    e.max_len(&format!("{p}.title"), &embed["title"], 256);
    size += chars(&embed["title"]);
    e.max_len(&format!("{p}.description"), &embed["description"], 4096);
    size += chars(&embed["description"]);
    url_field(e, &format!("{p}.url"), &embed["url"], &[], false);
    if let Some(c) = embed["color"].as_i64() {
        if !(0..=0xFF_FFFF).contains(&c) {
            e.add(
                &format!("{p}.color"),
                "NUMBER_TYPE_MAX",
                "int value should be less than or equal to 16777215.",
            );
        }
    }
    if let Some(t) = embed["timestamp"].as_str() {
        if DateTime::parse_from_rfc3339(t).is_err() {
            e.add(
                &format!("{p}.timestamp"),
                "DATE_TIME_TYPE_PARSE",
                format!("Could not parse {t}. Should be ISO8601."),
            );
        }
    }
    if embed["footer"].is_object() {
        let f = &embed["footer"];
        e.bad_len(&format!("{p}.footer.text"), &f["text"], 1, 2048);
        size += chars(&f["text"]);
        url_field(
            e,
            &format!("{p}.footer.icon_url"),
            &f["icon_url"],
            known_files,
            false,
        );
    }
    if embed["author"].is_object() {
        let a = &embed["author"];
        e.bad_len(&format!("{p}.author.name"), &a["name"], 1, 256);
        size += chars(&a["name"]);
        url_field(e, &format!("{p}.author.url"), &a["url"], &[], false);
        url_field(
            e,
            &format!("{p}.author.icon_url"),
            &a["icon_url"],
            known_files,
            false,
        );
    }
    for key in ["image", "thumbnail"] {
        if embed[key].is_object() {
            url_field(
                e,
                &format!("{p}.{key}.url"),
                &embed[key]["url"],
                known_files,
                true,
            );
        }
    }
    for (i, f) in e
        .max_items(&format!("{p}.fields"), &embed["fields"], 25)
        .iter()
        .enumerate()
    {
        let fp = format!("{p}.fields.{i}");
        match f["name"].as_str() {
            Some(s) if !s.is_empty() => e.max_len(&format!("{fp}.name"), &f["name"], 256),
            _ => e.required(&format!("{fp}.name")),
        }
        match f["value"].as_str() {
            Some(s) if !s.is_empty() => e.max_len(&format!("{fp}.value"), &f["value"], 1024),
            _ => e.required(&format!("{fp}.value")),
        }
        if !matches!(f["inline"], Value::Null | Value::Bool(_)) {
            e.add(
                &format!("{fp}.inline"),
                "BASE_TYPE_BOOLEAN",
                "Must be either true or false.",
            );
        }
        size += chars(&f["name"]) + chars(&f["value"]);
    }
    size
}

fn components(e: &mut FormErrors, v: &Value, v2: bool) {
    if v2 {
        // Components v2 layouts are not modelled; only the overall count is enforced.
        let n = count_components(v);
        if n > 40 {
            e.add(
                "components",
                "BASE_TYPE_MAX_LENGTH",
                "Must be 40 or fewer in length.",
            );
        }
        return;
    }
    let rows = e.max_items("components", v, 5);
    let mut seen: Vec<String> = vec![];
    for (r, row) in rows.iter().enumerate() {
        let rp = format!("components.{r}");
        if row["type"].as_u64() != Some(1) {
            e.add(
                &format!("{rp}.type"),
                "UNION_TYPE_CHOICES",
                "Value of field \"type\" must be one of (1,).",
            );
            continue;
        }
        let items = match row["components"].as_array() {
            Some(a) if (1..=5).contains(&a.len()) => a.clone(),
            Some(_) => {
                e.add(
                    &format!("{rp}.components"),
                    "BASE_TYPE_BAD_LENGTH",
                    "Must be between 1 and 5 in length.",
                );
                continue;
            }
            None => {
                e.required(&format!("{rp}.components"));
                continue;
            }
        };
        for (c, comp) in items.iter().enumerate() {
            let cp = format!("{rp}.components.{c}");
            let kind = comp["type"].as_u64().unwrap_or(0);
            match kind {
                2 => button(e, &cp, comp),
                3 | 5..=8 => {
                    if items.len() > 1 {
                        e.add(
                            &cp,
                            "COMPONENT_LAYOUT_WIDTH_EXCEEDED",
                            "The specified component exceeds the maximum width",
                        );
                    }
                    e.bad_len(&format!("{cp}.custom_id"), &comp["custom_id"], 1, 100);
                    e.max_len(&format!("{cp}.placeholder"), &comp["placeholder"], 150);
                    if kind == 3 {
                        match comp["options"].as_array() {
                            Some(o) if (1..=25).contains(&o.len()) => {
                                for (i, opt) in o.iter().enumerate() {
                                    e.bad_len(
                                        &format!("{cp}.options.{i}.label"),
                                        &opt["label"],
                                        1,
                                        100,
                                    );
                                    e.bad_len(
                                        &format!("{cp}.options.{i}.value"),
                                        &opt["value"],
                                        1,
                                        100,
                                    );
                                    e.max_len(
                                        &format!("{cp}.options.{i}.description"),
                                        &opt["description"],
                                        100,
                                    );
                                }
                            }
                            _ => e.add(
                                &format!("{cp}.options"),
                                "BASE_TYPE_BAD_LENGTH",
                                "Must be between 1 and 25 in length.",
                            ),
                        }
                    }
                    for key in ["min_values", "max_values"] {
                        if let Some(n) = comp[key].as_u64() {
                            if n > 25 {
                                e.add(
                                    &format!("{cp}.{key}"),
                                    "NUMBER_TYPE_MAX",
                                    "int value should be less than or equal to 25.",
                                );
                            }
                        }
                    }
                }
                _ => e.add(
                    &format!("{cp}.type"),
                    "UNION_TYPE_CHOICES",
                    "Value of field \"type\" must be one of (2, 3, 5, 6, 7, 8).",
                ),
            }
            if let Some(id) = comp["custom_id"].as_str() {
                if seen.iter().any(|s| s == id) {
                    e.add(
                        &format!("{cp}.custom_id"),
                        "COMPONENT_CUSTOM_ID_DUPLICATED",
                        "Component custom id cannot be duplicated",
                    );
                }
                seen.push(id.to_string());
            }
        }
    }
}

fn count_components(v: &Value) -> usize {
    let Some(items) = v.as_array() else { return 0 };
    items
        .iter()
        .map(|c| 1 + count_components(&c["components"]) + usize::from(c["accessory"].is_object()))
        .sum()
}

fn button(e: &mut FormErrors, cp: &str, b: &Value) {
    let style = b["style"].as_u64().unwrap_or(0);
    if !(1..=6).contains(&style) {
        e.add(
            &format!("{cp}.style"),
            "ENUM_TYPE_COERCE",
            format!("Value \"{}\" is not a valid enum value.", b["style"]),
        );
    }
    e.max_len(&format!("{cp}.label"), &b["label"], 80);
    if b["label"].is_null() && b["emoji"].is_null() && style != 6 {
        e.add(
            cp,
            "BUTTON_COMPONENT_MISSING_LABEL_OR_EMOJI",
            "A button must have a label or an emoji",
        );
    }
    if style == 5 {
        url_field(e, &format!("{cp}.url"), &b["url"], &[], true);
        if !b["custom_id"].is_null() {
            e.add(
                &format!("{cp}.custom_id"),
                "BUTTON_COMPONENT_INVALID_FIELD",
                "Link buttons cannot have a custom_id",
            );
        }
    } else if style != 6 {
        e.bad_len(&format!("{cp}.custom_id"), &b["custom_id"], 1, 100);
        if !b["url"].is_null() {
            e.add(
                &format!("{cp}.url"),
                "BUTTON_COMPONENT_INVALID_FIELD",
                "Only link buttons can have a url",
            );
        }
    }
    if !matches!(b["disabled"], Value::Null | Value::Bool(_)) {
        e.add(
            &format!("{cp}.disabled"),
            "BASE_TYPE_BOOLEAN",
            "Must be either true or false.",
        );
    }
}

fn allowed_mentions(e: &mut FormErrors, v: &Value) {
    if v.is_null() {
        return;
    }
    let parse: Vec<String> = v["parse"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|x| x.as_str().unwrap_or("?").to_string())
                .collect()
        })
        .unwrap_or_default();
    for (i, p) in parse.iter().enumerate() {
        if !["users", "roles", "everyone"].contains(&p.as_str()) {
            e.add(
                &format!("allowed_mentions.parse.{i}"),
                "ENUM_TYPE_COERCE",
                format!("Value \"{p}\" is not a valid enum value."),
            );
        }
    }
    for kind in ["users", "roles"] {
        let list = e.max_items(&format!("allowed_mentions.{kind}"), &v[kind], 100);
        if !list.is_empty() && parse.iter().any(|p| p == kind) {
            let ids: Vec<String> = list
                .iter()
                .map(|x| x.as_str().unwrap_or("?").to_string())
                .collect();
            e.add(
                "allowed_mentions",
                "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE",
                format!(
                    "parse:[\"{kind}\"] and {kind}: [{}] are mutually exclusive.",
                    ids.join(", ")
                ),
            );
        }
    }
}

/// True when the message has nothing to show (Discord's 50006).
pub fn is_empty_message(body: &Value, has_files: bool) -> bool {
    let non_empty_array = |v: &Value| v.as_array().is_some_and(|a| !a.is_empty());
    body["content"].as_str().is_none_or(|s| s.is_empty())
        && !non_empty_array(&body["embeds"])
        && !non_empty_array(&body["components"])
        && !non_empty_array(&body["sticker_ids"])
        && !non_empty_array(&body["attachments"])
        && body["poll"].is_null()
        && !has_files
}

// ----- application commands -------------------------------------------------------------------

fn valid_chat_name(s: &str) -> bool {
    let n = s.chars().count();
    (1..=32).contains(&n)
        && s.chars()
            .all(|c| c == '-' || c == '_' || c.is_alphanumeric())
        && s.chars().all(|c| !c.is_uppercase())
}

/// Discord's locale codes (`name_localizations` and `description_localizations` keys).
const LOCALES: [&str; 32] = [
    "id", "da", "de", "en-GB", "en-US", "es-ES", "es-419", "fr", "hr", "it", "lt", "hu", "nl",
    "no", "pl", "pt-BR", "ro", "fi", "sv-SE", "vi", "tr", "cs", "el", "bg", "ru", "uk", "hi", "th",
    "zh-CN", "ja", "zh-TW", "ko",
];

/// Checks a localization map: known locale keys, each value a valid name (chat names) or
/// within `min..=max` characters.
fn localizations(e: &mut FormErrors, p: &str, v: &Value, chat_name: bool, min: usize, max: usize) {
    let Some(map) = v.as_object() else {
        if !v.is_null() {
            e.add(
                p,
                "DICT_TYPE_CONVERT",
                "Only dictionaries may be used in a DictType",
            );
        }
        return;
    };
    for (locale, text) in map {
        let lp = format!("{p}.{locale}");
        if !LOCALES.contains(&locale.as_str()) {
            e.add(&lp, "LOCALE_INVALID", format!("Invalid locale {locale:?}"));
            continue;
        }
        if chat_name {
            if !valid_chat_name(text.as_str().unwrap_or("")) {
                e.add(
                    &lp,
                    "APPLICATION_COMMAND_INVALID_NAME",
                    format!("Command name is invalid: {text}"),
                );
            }
        } else {
            e.bad_len(&lp, text, min, max);
        }
    }
}

/// Validates a bulk-overwrite body (`PUT .../commands`).
pub fn commands(list: &Value) -> FormErrors {
    let mut e = FormErrors::default();
    let Some(items) = list.as_array() else {
        e.add("", "BASE_TYPE_ARRAY", "Could not interpret body as array.");
        return e;
    };
    let chat = items
        .iter()
        .filter(|c| c["type"].as_u64().unwrap_or(1) == 1)
        .count();
    if chat > 100 {
        e.add(
            "",
            "BASE_TYPE_MAX_LENGTH",
            "Must be 100 or fewer in length.",
        );
    }
    let mut seen: Vec<(u64, String)> = vec![];
    for (i, cmd) in items.iter().enumerate() {
        command(&mut e, &format!("{i}"), cmd);
        let key = (
            cmd["type"].as_u64().unwrap_or(1),
            cmd["name"].as_str().unwrap_or("").to_string(),
        );
        if seen.contains(&key) {
            e.add(
                &format!("{i}.name"),
                "APPLICATION_COMMANDS_DUPLICATE_NAME",
                "Application command names must be unique",
            );
        }
        seen.push(key);
    }
    e
}

/// Validates one command object; `p` is its path in the error tree ("" for a single create).
pub fn command(e: &mut FormErrors, p: &str, cmd: &Value) {
    let join = |k: &str| {
        if p.is_empty() {
            k.to_string()
        } else {
            format!("{p}.{k}")
        }
    };
    let kind = cmd["type"].as_u64().unwrap_or(1);
    if !(1..=4).contains(&kind) {
        e.add(
            &join("type"),
            "ENUM_TYPE_COERCE",
            "Value is not a valid enum value.",
        );
    }
    let name = cmd["name"].as_str().unwrap_or("");
    if cmd["name"].is_null() {
        e.required(&join("name"));
    } else if kind == 1 && !valid_chat_name(name) {
        e.add(
            &join("name"),
            "APPLICATION_COMMAND_INVALID_NAME",
            format!("Command name is invalid: {name:?}"),
        );
    } else if !(1..=32).contains(&name.chars().count()) {
        e.add(
            &join("name"),
            "BASE_TYPE_BAD_LENGTH",
            "Must be between 1 and 32 in length.",
        );
    }
    localizations(
        e,
        &join("name_localizations"),
        &cmd["name_localizations"],
        kind == 1,
        1,
        32,
    );
    localizations(
        e,
        &join("description_localizations"),
        &cmd["description_localizations"],
        false,
        1,
        100,
    );
    if kind == 1 {
        e.bad_len(&join("description"), &cmd["description"], 1, 100);
    } else if cmd["description"].as_str().is_some_and(|d| !d.is_empty()) {
        e.add(
            &join("description"),
            "APPLICATION_COMMAND_INVALID_DESCRIPTION",
            "Only chat input commands have a description",
        );
    }
    if let Some(p) = cmd["default_member_permissions"].as_str() {
        if p.parse::<u64>().is_err() {
            e.add(
                &join("default_member_permissions"),
                "BASE_TYPE_BAD_INT",
                "Value is not a valid integer string.",
            );
        }
    }
    if kind != 1 && cmd["options"].as_array().is_some_and(|o| !o.is_empty()) {
        e.add(
            &join("options"),
            "APPLICATION_COMMAND_OPTIONS_NOT_ALLOWED",
            "Only chat input commands have options",
        );
    }
    let mut size = chars(&cmd["name"]) + chars(&cmd["description"]);
    options(e, &join("options"), &cmd["options"], 0, &mut size);
    if size > 4000 {
        e.add(
            p,
            "APPLICATION_COMMAND_TOO_LARGE",
            "Command exceeds maximum size (4000)",
        );
    }
}

fn options(e: &mut FormErrors, p: &str, v: &Value, depth: usize, size: &mut usize) {
    let opts = e.max_items(p, v, 25);
    let subs = opts
        .iter()
        .filter(|o| matches!(o["type"].as_u64(), Some(1 | 2)))
        .count();
    if subs != 0 && subs != opts.len() {
        e.add(p, "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", "Sub-command and sub-command group option types are mutually exclusive to all other types");
    }
    let mut seen_optional = false;
    let mut names: Vec<&str> = vec![];
    for (i, o) in opts.iter().enumerate() {
        let op = format!("{p}.{i}");
        let t = o["type"].as_u64().unwrap_or(0);
        if !(1..=11).contains(&t) {
            e.add(
                &format!("{op}.type"),
                "ENUM_TYPE_COERCE",
                format!("Value \"{}\" is not a valid enum value.", o["type"]),
            );
        }
        let name = o["name"].as_str().unwrap_or("");
        if !valid_chat_name(name) {
            e.add(
                &format!("{op}.name"),
                "APPLICATION_COMMAND_INVALID_NAME",
                format!("Command name is invalid: {name:?}"),
            );
        }
        if names.contains(&name) {
            e.add(
                &format!("{op}.name"),
                "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS",
                "Option names must be unique",
            );
        }
        names.push(name);
        e.bad_len(&format!("{op}.description"), &o["description"], 1, 100);
        localizations(
            e,
            &format!("{op}.name_localizations"),
            &o["name_localizations"],
            true,
            1,
            32,
        );
        localizations(
            e,
            &format!("{op}.description_localizations"),
            &o["description_localizations"],
            false,
            1,
            100,
        );
        *size += chars(&o["name"]) + chars(&o["description"]);
        let required = o["required"].as_bool().unwrap_or(false);
        if required && seen_optional {
            e.add(
                &format!("{op}.required"),
                "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID_ORDER",
                "Required options must be placed before non-required options",
            );
        }
        seen_optional |= !required && !matches!(t, 1 | 2);
        match t {
            2 => {
                if depth > 0 {
                    e.add(
                        &format!("{op}.type"),
                        "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID",
                        "Sub-command groups cannot be nested",
                    );
                }
                let inner = o["options"].as_array().cloned().unwrap_or_default();
                if inner.iter().any(|x| x["type"].as_u64() != Some(1)) {
                    e.add(
                        &format!("{op}.options"),
                        "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID",
                        "A sub-command group may only contain sub-commands",
                    );
                }
                options(e, &format!("{op}.options"), &o["options"], depth + 1, size);
            }
            1 => {
                if depth > 1 {
                    e.add(
                        &format!("{op}.type"),
                        "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID",
                        "Sub-commands nest at most two levels",
                    );
                }
                let inner = o["options"].as_array().cloned().unwrap_or_default();
                if inner
                    .iter()
                    .any(|x| matches!(x["type"].as_u64(), Some(1 | 2)))
                {
                    e.add(
                        &format!("{op}.options"),
                        "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID",
                        "A sub-command cannot contain sub-commands",
                    );
                }
                options(e, &format!("{op}.options"), &o["options"], depth + 1, size);
            }
            _ => {
                let choices = e.max_items(&format!("{op}.choices"), &o["choices"], 25);
                if !choices.is_empty() && !matches!(t, 3 | 4 | 10) {
                    e.add(
                        &format!("{op}.choices"),
                        "APPLICATION_COMMAND_OPTION_CHOICES_NOT_ALLOWED",
                        "Only string, integer and number options have choices",
                    );
                }
                if !choices.is_empty() && o["autocomplete"].as_bool() == Some(true) {
                    e.add(
                        &format!("{op}.autocomplete"),
                        "APPLICATION_COMMAND_OPTION_AUTOCOMPLETE_AND_CHOICES",
                        "Autocomplete and choices cannot both be set",
                    );
                }
                for (c, ch) in choices.iter().enumerate() {
                    let cp = format!("{op}.choices.{c}");
                    e.bad_len(&format!("{cp}.name"), &ch["name"], 1, 100);
                    localizations(
                        e,
                        &format!("{cp}.name_localizations"),
                        &ch["name_localizations"],
                        false,
                        1,
                        100,
                    );
                    *size += chars(&ch["name"]);
                    let ok = match t {
                        3 => ch["value"]
                            .as_str()
                            .is_some_and(|s| (1..=100).contains(&s.chars().count())),
                        4 => ch["value"].is_i64() || ch["value"].is_u64(),
                        _ => ch["value"].is_number(),
                    };
                    if !ok {
                        e.add(
                            &format!("{cp}.value"),
                            "BASE_TYPE_CHOICES",
                            "Choice value does not match the option type",
                        );
                    }
                    *size += ch["value"].as_str().map_or(0, |s| s.chars().count());
                }
                if (!o["min_value"].is_null() || !o["max_value"].is_null()) && !matches!(t, 4 | 10)
                {
                    e.add(
                        &op,
                        "APPLICATION_COMMAND_OPTION_INVALID_FIELD",
                        "min_value/max_value are for numeric options",
                    );
                }
                if (!o["min_length"].is_null() || !o["max_length"].is_null()) && t != 3 {
                    e.add(
                        &op,
                        "APPLICATION_COMMAND_OPTION_INVALID_FIELD",
                        "min_length/max_length are for string options",
                    );
                }
                if !o["options"].is_null() && o["options"].as_array().is_some_and(|a| !a.is_empty())
                {
                    e.add(
                        &format!("{op}.options"),
                        "APPLICATION_COMMAND_OPTIONS_NOT_ALLOWED",
                        "Only sub-commands have options",
                    );
                }
            }
        }
    }
}

// ----- interaction callback payloads ----------------------------------------------------------

pub fn autocomplete_result(data: &Value) -> FormErrors {
    let mut e = FormErrors::default();
    let choices = e.max_items("data.choices", &data["choices"], 25);
    if data["choices"].is_null() {
        e.required("data.choices");
    }
    for (i, c) in choices.iter().enumerate() {
        e.bad_len(&format!("data.choices.{i}.name"), &c["name"], 1, 100);
        if let Some(s) = c["value"].as_str() {
            if s.chars().count() > 100 {
                e.add(
                    &format!("data.choices.{i}.value"),
                    "BASE_TYPE_MAX_LENGTH",
                    "Must be 100 or fewer in length.",
                );
            }
        } else if !c["value"].is_number() {
            e.required(&format!("data.choices.{i}.value"));
        }
    }
    e
}

pub fn modal(data: &Value) -> FormErrors {
    let mut e = FormErrors::default();
    e.bad_len("data.custom_id", &data["custom_id"], 1, 100);
    e.bad_len("data.title", &data["title"], 1, 45);
    let rows = e.max_items("data.components", &data["components"], 5);
    if rows.is_empty() {
        e.add(
            "data.components",
            "BASE_TYPE_BAD_LENGTH",
            "Must be between 1 and 5 in length.",
        );
    }
    for (r, row) in rows.iter().enumerate() {
        // Modals take action rows holding one text input, or the newer label components.
        let inputs: Vec<Value> = match row["type"].as_u64() {
            Some(1) => row["components"].as_array().cloned().unwrap_or_default(),
            Some(18) => vec![row["component"].clone()],
            _ => vec![],
        };
        if inputs.len() != 1 {
            e.add(
                &format!("data.components.{r}"),
                "COMPONENT_LAYOUT_WIDTH_EXCEEDED",
                "A modal row holds exactly one input",
            );
        }
        for (c, input) in inputs.iter().enumerate() {
            let cp = format!("data.components.{r}.components.{c}");
            if input["type"].as_u64() == Some(4) {
                e.bad_len(&format!("{cp}.custom_id"), &input["custom_id"], 1, 100);
                if row["type"].as_u64() == Some(1) {
                    e.bad_len(&format!("{cp}.label"), &input["label"], 1, 45);
                }
                if !matches!(input["style"].as_u64(), Some(1 | 2)) {
                    e.add(
                        &format!("{cp}.style"),
                        "ENUM_TYPE_COERCE",
                        "Value is not a valid enum value.",
                    );
                }
                e.max_len(&format!("{cp}.value"), &input["value"], 4000);
                e.max_len(&format!("{cp}.placeholder"), &input["placeholder"], 100);
            }
        }
    }
    e
}

// ----- scheduled events -----------------------------------------------------------------------

/// Validates a scheduled event after a create or an edit has been merged into `ev`.
/// `channel_kind` is the type of `ev.channel_id`'s channel, if it names one.
pub fn scheduled_event(
    ev: &Value,
    now: DateTime<Utc>,
    channel_kind: Option<u8>,
    creating: bool,
) -> FormErrors {
    let mut e = FormErrors::default();
    e.bad_len("name", &ev["name"], 1, 100);
    e.max_len("description", &ev["description"], 1000);
    if ev["privacy_level"].as_u64() != Some(2) {
        if ev["privacy_level"].is_null() {
            e.required("privacy_level");
        } else {
            e.add(
                "privacy_level",
                "ENUM_TYPE_COERCE",
                format!(
                    "Value \"{}\" is not a valid enum value.",
                    ev["privacy_level"]
                ),
            );
        }
    }
    let parse = |v: &Value| {
        v.as_str()
            .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
            .map(|d| d.with_timezone(&Utc))
    };
    let start = parse(&ev["scheduled_start_time"]);
    match start {
        None if ev["scheduled_start_time"].is_null() => e.required("scheduled_start_time"),
        None => e.add(
            "scheduled_start_time",
            "DATE_TIME_TYPE_PARSE",
            "Could not parse. Should be ISO8601.",
        ),
        Some(s) if creating && s <= now => e.add(
            "scheduled_start_time",
            "GUILD_SCHEDULED_EVENT_SCHEDULE_PAST",
            "Cannot schedule event in the past.",
        ),
        Some(_) => {}
    }
    let end = parse(&ev["scheduled_end_time"]);
    if !ev["scheduled_end_time"].is_null() && end.is_none() {
        e.add(
            "scheduled_end_time",
            "DATE_TIME_TYPE_PARSE",
            "Could not parse. Should be ISO8601.",
        );
    }
    if let (Some(s), Some(en)) = (start, end) {
        if en <= s {
            e.add(
                "scheduled_end_time",
                "GUILD_SCHEDULED_EVENT_END_BEFORE_START",
                "Cannot schedule event to end before starting.",
            );
        }
    }
    match ev["entity_type"].as_u64() {
        Some(3) => {
            if !ev["channel_id"].is_null() {
                e.add(
                    "channel_id",
                    "GUILD_SCHEDULED_EVENT_CHANNEL_NOT_ALLOWED",
                    "External events cannot have a channel",
                );
            }
            e.bad_len(
                "entity_metadata.location",
                &ev["entity_metadata"]["location"],
                1,
                100,
            );
            if ev["scheduled_end_time"].is_null() {
                e.required("scheduled_end_time");
            }
        }
        Some(t @ (1 | 2)) => {
            let want = if t == 1 { 13 } else { 2 };
            match (ev["channel_id"].is_null(), channel_kind) {
                (true, _) => e.required("channel_id"),
                (false, Some(k)) if k == want => {}
                (false, _) => e.add(
                    "channel_id",
                    "GUILD_SCHEDULED_EVENT_INVALID_CHANNEL",
                    "Channel type does not match the entity type",
                ),
            }
            if ev["entity_metadata"]["location"].is_string() {
                e.add(
                    "entity_metadata",
                    "GUILD_SCHEDULED_EVENT_INVALID_METADATA",
                    "Only external events have a location",
                );
            }
        }
        None if ev["entity_type"].is_null() => e.required("entity_type"),
        _ => e.add(
            "entity_type",
            "ENUM_TYPE_COERCE",
            format!("Value \"{}\" is not a valid enum value.", ev["entity_type"]),
        ),
    }
    e
}
