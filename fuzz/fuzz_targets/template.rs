//! Templates: any set of Tera templates laid over the built-in theme, as a
//! dossier's `templates/` folder lays them, either loads, and then each of
//! them renders to text or to an error naming its file, or is refused with
//! errors that name a template file. Nothing recurses until the stack runs
//! out: include, extends and import cycles and recursive macros are
//! refused when the theme is loaded.
#![no_main]

use dossier::render::theme::Theme;
use dossier_fuzz::split_templates;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let templates = split_templates(text);
    match Theme::with_templates(&templates) {
        Ok(theme) => {
            let mut context = tera::Context::new();
            context.insert("n", &3);
            context.insert("items", &[1, 2, 3]);
            context.insert("title", "A <title> & more");
            for (name, _) in &templates {
                if let Err(d) = theme.render(name, &context) {
                    assert!(d.file.is_some(), "a render error names its file: {d:?}");
                }
            }
        }
        Err(errors) => {
            assert!(!errors.is_empty());
            for d in &errors {
                assert!(d.file.is_some(), "a theme error names its file: {d:?}");
            }
        }
    }
});
