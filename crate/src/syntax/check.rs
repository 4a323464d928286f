//! BuildKit's `check=` options (`linter.ParseLintOptions`): `skip=A,B|all`,
//! `experimental=A,B|all` and `error=<bool>`, separated by `;`. They come from the `# check=`
//! parser directive (the whole file) and from a `# check=…` comment before an instruction
//! (that instruction only).

/// What a `check=` value asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckOptions {
    /// Check names to skip (`skip=all` is `skip_all`).
    pub skip: Vec<String>,
    pub skip_all: bool,
    /// Experimental checks to run (`experimental=all` is `experimental_all`).
    pub experimental: Vec<String>,
    pub experimental_all: bool,
    /// `error=true`: a check that fires fails the build.
    pub error: bool,
}

impl CheckOptions {
    /// Parse a `check=` value as BuildKit does; the error is BuildKit's message.
    pub fn parse(value: &str) -> Result<CheckOptions, String> {
        let mut o = CheckOptions::default();
        let value = value.trim();
        if value.is_empty() {
            return Ok(o);
        }
        // Go's SplitN(_, ";", 3): a third `;` stays inside the last option.
        for part in value.splitn(3, ';') {
            let Some((k, v)) = part.split_once('=') else {
                return Err(format!("invalid check option `{part}`"));
            };
            let v = v.trim();
            let names = || v.split(',').map(|s| s.trim().to_string()).collect();
            match k.trim() {
                "skip" if v == "all" => o.skip_all = true,
                "skip" => o.skip = names(),
                "experimental" if v == "all" => o.experimental_all = true,
                "experimental" => o.experimental = names(),
                "error" => {
                    o.error = go_parse_bool(v)
                        .ok_or_else(|| format!("failed to parse check option `{part}`"))?
                }
                k => return Err(format!("invalid check option `{k}`")),
            }
        }
        Ok(o)
    }

    /// A `# check=…` comment before an instruction (the text after `#`): BuildKit reads it
    /// like a directive line and drops everything after the first space
    /// (`check=skip=X // why`).
    pub fn from_comment(comment: &str) -> Option<CheckOptions> {
        let (name, value) = comment.trim().split_once('=')?;
        if !name.trim().eq_ignore_ascii_case("check") {
            return None;
        }
        let value = value.trim();
        let value = value.split(' ').next().unwrap_or(value);
        CheckOptions::parse(value).ok()
    }

    /// Whether checks named `name` are skipped.
    pub fn skips(&self, name: &str) -> bool {
        self.skip_all || self.skip.iter().any(|s| s == name)
    }

    /// Whether the experimental check `name` is switched on.
    pub fn enables(&self, name: &str) -> bool {
        self.experimental_all || self.experimental.iter().any(|s| s == name)
    }
}

/// Go's `strconv.ParseBool`.
fn go_parse_bool(v: &str) -> Option<bool> {
    match v {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_parse_as_buildkit_parses_them() {
        let o = CheckOptions::parse("skip=all;experimental=InvalidDefinitionDescription").unwrap();
        assert!(o.skip_all && o.enables("InvalidDefinitionDescription") && !o.error);
        let o = CheckOptions::parse(" skip = A, B ;error=True").unwrap();
        assert_eq!(o.skip, ["A", "B"]);
        assert!(o.error && o.skips("B") && !o.skips("C"));
        assert!(CheckOptions::parse("experimental=all")
            .unwrap()
            .enables("X"));
        assert!(CheckOptions::parse("error=yes").is_err());
        assert!(CheckOptions::parse("skip").is_err());
        assert!(CheckOptions::parse("warn=all").is_err());
        assert_eq!(CheckOptions::parse("").unwrap(), CheckOptions::default());
    }

    #[test]
    fn comments_drop_what_follows_a_space() {
        let o =
            CheckOptions::from_comment(" check=skip=SecretsUsedInArgOrEnv // allow it").unwrap();
        assert_eq!(o.skip, ["SecretsUsedInArgOrEnv"]);
        assert!(
            CheckOptions::from_comment("Check = skip=all")
                .unwrap()
                .skip_all
        );
        assert_eq!(CheckOptions::from_comment("checks=skip=all"), None);
        assert_eq!(CheckOptions::from_comment("just a comment"), None);
    }
}
