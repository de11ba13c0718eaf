//! The cleaning rules of `dossier import`, as a table: each row is a raw
//! text (a fixture under `tests/fixtures/import/rules/` or a few inline
//! lines) and what an editor expects of it: the headline, the date, the
//! paragraphs kept and the pieces removed with their reason. Every kept
//! paragraph must be a verbatim slice of the input.

use dossier::import::clean::{clean, CleanArticle, RemovalReason};
use proptest::prelude::*;

/// Where a case's raw text comes from.
enum Source {
    File(&'static str),
    Text(&'static str),
}

/// One expectation about the cleaned article.
enum Expect {
    Title(Option<&'static str>),
    Date(Option<&'static str>),
    /// The number of body paragraphs.
    Paragraphs(usize),
    /// The number of removals of every kind.
    Removals(usize),
    /// The number of removals as repeated text.
    Repeats(usize),
    /// A sentence found in exactly one kept paragraph.
    Kept(&'static str),
    /// Text removed for this reason (as printed), and absent from the body.
    Removed(&'static str, &'static str),
    /// A whole piece removed for this reason, whatever the body says.
    RemovedPiece(&'static str, &'static str),
    /// The first paragraph starts so.
    Opens(&'static str),
    /// The whole body, paragraph by paragraph.
    Body(&'static [&'static str]),
    /// The byline's people.
    Authors(&'static [&'static str]),
    Outlet(Option<&'static str>),
    Language(Option<&'static str>),
    Updated(Option<&'static str>),
    Tags(&'static [&'static str]),
    /// A numeric date that reads two ways: day first, month first.
    Ambiguous(&'static str, &'static str),
}

use Expect::*;
use Source::*;

const SEED_REPEATED: Source = File("../../seeds/000_0efdfad1b870551d.txt");
const SEED_BREITBART: Source = File("../../seeds/001_8854b1d33f7c729c.txt");
const SEED_VOZ: Source = File("../../seeds/002_a11159a3207db66b.txt");
const SEED_DATE: Source = File("../../seeds/003_457ae035e65c1eb1.txt");

#[rustfmt::skip]
const CASES: &[(&str, Source, &[Expect])] = &[
    ("a text pasted three times keeps one copy", SEED_REPEATED, &[
        Title(None), Date(None), Paragraphs(9), Repeats(18), Removals(18),
        Kept("Thousands of demonstrators from Peru's Venezuelan diaspora"),
        Kept("Around 17 million people were eligible to vote."),
        Kept("\"He should leave Venezuela, take what he has to take"),
    ]),
    ("social and commenting trailers and a Spanish caption go", SEED_BREITBART, &[
        Title(Some("Venezuelans Fill Streets of Peru to Protest Socialism at Summit of the Americas")),
        Removed("Venezolanos en el Perú", "image caption"),
        Removed("Follow Frances Martel on", "boilerplate: social follow prompt"),
        Removed("Please let us know if you're having issues with commenting.", "boilerplate: comments prompt"),
        Paragraphs(11),
        Kept("Estimated thousands of members of the Venezuelan exile community"),
        Kept("he said."),
        Kept("through free and fair elections."),
    ]),
    ("masthead, label, caption, byline and tracking residue go", SEED_VOZ, &[
        Title(Some("Venezuela's working-class neighbourhoods rise up against Nicolás Maduro in spontaneous demonstration after fraud")),
        Removed("Voz media US Voz.us", "boilerplate: site name"),
        Removed("(Yuri Cortés / AFP)", "image caption"),
        Removed("Published by", "boilerplate: byline"),
        Removed("tracking", "boilerplate: tracking residue"),
        RemovedPiece("Venezuela", "boilerplate: section label"),
        // The standfirst, a sentence without a full stop and the crossheads stay.
        Kept("The National Electoral Council announced the victory of the dictator"),
        Kept("Demonstrations are also being reported in states such as Carabobo"),
        Kept("Maduro deploys security forces to repress the protests"),
        Kept("Carter Center calls for the release of detailed results"),
        Kept("a growing stream of people are reported to be marching together"),
        Paragraphs(15),
    ]),
    ("a date glued to the first paragraph is split off", SEED_DATE, &[
        Date(Some("2024-07-31")), Title(None),
        Removed("date 2024-07-31", "date line"),
        Opens("Thousands of Venezuelans gathered on Tuesday"),
        Kept("'Cannot be recognised'"),
        Kept("Most other businesses were closed."),
        Kept("Caracas has withdrawn diplomatic staff from eight critical Latin American countries"),
        Paragraphs(37), Removals(1),
    ]),
    ("a wire story loses its dateline, byline and copyright", File("ap.txt"), &[
        Title(Some("Venezuela's opposition says it has proof Maduro lost the presidential election")),
        Date(Some("2024-07-31")),
        Removed("By REGINA GARCIA CANO", "boilerplate: byline"),
        Removed("Updated 6:12 PM EDT", "date line"),
        Removed("CARACAS, Venezuela, July 31, 2024 (AP) —", "date line"),
        Removed("Advertisement", "boilerplate: advertisement"),
        Removed("Share", "boilerplate: share prompt"),
        Removed("All rights reserved", "boilerplate: copyright notice"),
        Opens("Venezuela's opposition said Wednesday"),
        Kept("He denied it."),
        Kept("“We have the proof,” opposition leader"),
        Paragraphs(4),
    ]),
    ("a broadcaster's page loses its media furniture and related links", File("bbc.txt"), &[
        Title(Some("Venezuela election: Maduro declared winner amid fraud claims")),
        Date(Some("2024-07-29")),
        Removed("Image source, Getty Images", "image caption"),
        Removed("Image caption, Protesters", "image caption"),
        Removed("By Will Grant", "boilerplate: byline"),
        Removed("Related Topics", "boilerplate: related links section"),
        Removed("More on this story", "boilerplate: related links section"),
        Removed("Who is Edmundo González?", "boilerplate: related links section"),
        Removed("Maduro's grip on power", "boilerplate: related links section"),
        Kept("Venezuela's electoral authority has declared President Nicolás Maduro"),
        Kept("won by a landslide."),
        Kept("told supporters gathered in the capital on Monday night."),
        Paragraphs(3),
    ]),
    ("a Spanish story loses its agency dateline and follow prompt", File("spanish.txt"), &[
        Title(Some("Miles de venezolanos marchan en Caracas contra el fraude electoral")),
        Date(Some("2024-07-31")),
        Removed("El Nacional", "boilerplate: site name"),
        Removed("Publicado el 31 de julio de 2024", "date line"),
        Removed("Caracas, 31 jul (EFE).-", "date line"),
        Removed("(EFE/Miguel Gutiérrez)", "image caption"),
        Removed("Publicidad", "boilerplate: advertisement"),
        Removed("Lee también:", "boilerplate: read-more link"),
        Removed("Síguenos en X", "boilerplate: social follow prompt"),
        Removed("Todos los derechos reservados", "boilerplate: copyright notice"),
        Opens("Miles de venezolanos salieron este miércoles"),
        Kept("\"No tenemos miedo\", gritaban los manifestantes."),
        Kept("El Gobierno no ha respondido"),
        Paragraphs(4),
    ]),
    ("a wire story loses its newsletter prompts and credits trailer", File("reuters.txt"), &[
        Title(Some("Venezuela's Maduro asks top court to audit election as protests spread")),
        Date(Some("2024-07-31")),
        Removed("By Vivian Sequera", "boilerplate: byline"),
        Removed("4:47 PM GMT-4", "date line"),
        Removed("CARACAS, July 31 (Reuters) -", "date line"),
        Removed("Sign up here.", "boilerplate: newsletter prompt"),
        Removed("Reporting by Vivian Sequera", "boilerplate: reporting credits"),
        Removed("Thomson Reuters Trust Principles", "boilerplate: reporting credits"),
        Opens("Venezuelan President Nicolas Maduro on Wednesday asked"),
        Kept("more than 80% of the tally sheets"),
        Kept("\"We are going to defend the vote,\" Gonzalez said"),
        Paragraphs(3),
    ]),
    ("a line-by-line text without headline keeps its short paragraphs", File("no_headline.txt"), &[
        Title(None), Date(Some("2024-07-31")),
        Removed("31 July 2024", "date line"),
        Removed("Share this article", "boilerplate: share prompt"),
        Removed("Advertisement", "boilerplate: advertisement"),
        Removed("https://example.com/track", "boilerplate: tracking residue"),
        Body(&[
            "Venezuela's opposition leader said on Monday she would keep up protests until the election results are released.",
            "María Corina Machado told reporters in Caracas that the movement would not back down.",
            "Asked whether she feared arrest, Machado said the government had already tried to silence her.",
            "He denied it.",
            "The government has arrested more than 1,000 people since the vote, according to rights groups.",
        ]),
    ]),
    ("a newspaper page loses navigation, caption, newsletter and cookie notice", File("guardian.txt"), &[
        Title(Some("Venezuela’s army chief pledges loyalty to Maduro as pressure mounts")),
        Date(Some("2024-07-31")),
        Removed("Skip to main content", "boilerplate: navigation"),
        Removed("World > Americas > Venezuela", "boilerplate: navigation"),
        Removed("Photograph: Federico Parra/AFP", "image caption"),
        Removed("Wednesday 31 July 2024 14.30 BST", "date line"),
        Removed("our free daily newsletter", "boilerplate: newsletter prompt"),
        Removed("Most viewed", "boilerplate: related links section"),
        Removed("Maduro’s rival goes into hiding", "boilerplate: related links section"),
        Removed("We use cookies", "boilerplate: cookie notice"),
        Kept("Defence minister says armed forces will ‘preserve internal order’"),
        Kept("Vladimir Padrino López said the military"),
        Kept("This article was amended on 1 August 2024"),
        Paragraphs(4),
    ]),
    ("web residue and a paragraph repeated alone go", File("web_residue.txt"), &[
        Title(Some("Cuba sends message of support to Maduro")),
        Date(Some("2024-07-31")),
        Removed("Tracking pixel", "boilerplate: tracking residue"),
        Removed("Havana, July 31, 2024", "date line"),
        Removed("@context", "boilerplate: tracking residue"),
        Removed("Click here to get", "boilerplate: click prompt"),
        Removed("Tags: Cuba", "boilerplate: tag list"),
        Removed("www.example-news.com", "boilerplate: tracking residue"),
        Kept("Cuban President Miguel Díaz-Canel called Maduro on Tuesday"),
        Kept("The call came as several Latin American governments"),
        Paragraphs(2), Repeats(1),
    ]),
    ("a French page loses its masthead, reading time and agency credit", File("le_monde.txt"), &[
        Title(Some("Au Venezuela, l’opposition revendique la victoire et appelle à manifester")),
        Date(Some("2024-07-31")),
        Removed("Le Monde", "boilerplate: site name"),
        Removed("International", "boilerplate: section label"),
        Removed("Par Marie Delcas", "boilerplate: byline"),
        Removed("Publié le 31 juillet 2024", "date line"),
        Removed("Lecture 3 min.", "boilerplate: reading time"),
        Removed("Lire aussi |", "boilerplate: read-more link"),
        Removed("RONALDO SCHEMIDT / AFP", "image caption"),
        Removed("Partager", "boilerplate: share prompt"),
        Removed("« La lettre de l’international »", "boilerplate: newsletter prompt"),
        Removed("Inscrivez-vous", "boilerplate: subscription prompt"),
        Removed("Le Monde avec AFP", "boilerplate: reporting credits"),
        Kept("Nicolás Maduro a été proclamé vainqueur"),
        Kept("« Nous avons gagné », a déclaré María Corina Machado devant la foule."),
        Kept("Le gouvernement a dénoncé une tentative de coup d’Etat."),
        Paragraphs(4),
    ]),
    ("prose that mentions boilerplate words is kept", File("lookalikes.txt"), &[
        Title(Some("Venezuela opposition rejects Maduro victory")),
        Date(Some("2024-07-31")),
        Removed("LATIN AMERICA", "boilerplate: section label"),
        Removed("By Jane Smith", "boilerplate: byline"),
        Removed("Listen to this article", "boilerplate: media player residue"),
        Removed("(Photo by Federico Parra", "image caption"),
        Removed("Share on Facebook", "boilerplate: share prompt"),
        Kept("The opposition in Venezuela on Wednesday rejected the official result."),
        Kept("Satellite Images Show Crowds Filling Caracas Avenue"),
        Kept("\"We will not give up,\" she said"),
        Kept("Reporting by the Miami Herald found that dozens were detained."),
        Kept("With approval from the council, the count went on."),
        Kept("Copyright infringement claims were filed against the broadcaster."),
        Kept("In a newsletter sent to subscribers by email, the party urged calm."),
        Kept("Advertisement agencies were also targeted."),
        Kept("Share prices in Caracas fell sharply."),
        Kept("Follow the money, the prosecutor told reporters."),
        Paragraphs(10),
    ]),
    ("a short sentence said twice is not a repeat",
        Text("Maduro was asked about the arrests.\n\nHe denied it.\n\nThe opposition published photographs of detainees on Tuesday.\n\nHe denied it.\n"), &[
        Removals(0), Paragraphs(4),
    ]),
    ("a headline repeated as first paragraph is dropped once",
        Text("Maduro sworn in for third term\n\nMaduro sworn in for third term\n\nNicolás Maduro was sworn in on Friday.\n"), &[
        Title(Some("Maduro sworn in for third term")),
        Body(&["Nicolás Maduro was sworn in on Friday."]),
        Removed("Maduro sworn in for third term", "repeated text"),
    ]),
    ("a boilerplate line glued into a paragraph is split off",
        Text("Protests spread across Venezuela\n\nThousands marched in Maracaibo on Tuesday.\nAdvertisement\nPolice used tear gas in Valencia.\n\nMore protests are planned for the weekend.\n"), &[
        Body(&[
            "Thousands marched in Maracaibo on Tuesday.",
            "Police used tear gas in Valencia.",
            "More protests are planned for the weekend.",
        ]),
        Removed("Advertisement", "boilerplate: advertisement"),
    ]),
    ("a hard-wrapped paragraph stays whole",
        Text("Thousands of Venezuelans gathered on Tuesday in a peaceful show of\nopposition support a day after protests against the result.\n\nThe military reported one death.\n"), &[
        Title(None), Paragraphs(2),
        Kept("Thousands of Venezuelans gathered on Tuesday in a peaceful show of\nopposition support a day after protests against the result."),
    ]),
    ("dates in ordinary sentences are not the publication date",
        Text("Maduro took office on January 10, 2019, after a disputed vote.\n\nThe next election was held on July 28, 2024.\n"), &[
        Date(None), Paragraphs(2),
    ]),
    ("a published date wins over an updated one",
        Text("Updated: August 2, 2024\n\nPublished: July 31, 2024\n\nThe council said the count was final.\n"), &[
        Date(Some("2024-07-31")), Updated(Some("2024-08-02")),
    ]),
    ("empty input gives an empty article", Text(""), &[Removals(0), Paragraphs(0), Title(None), Date(None)]),
    ("blank input gives an empty article", Text("\n\n \u{a0}\r\n"), &[Removals(0), Paragraphs(0)]),
    // Wire copy of invented outlets, in English, Spanish, Portuguese and French.
    ("an embargoed story with a two-author byline, a stamp, credits and tags", File("../wire/harbour_ledger.txt"), &[
        Title(Some("Dockworkers walk out as port talks collapse in Port Aldane")),
        Date(Some("2024-08-21")), Outlet(Some("The Harbour Ledger")), Language(Some("en")),
        Authors(&["Tomás Rivera", "Helen Marsh", "Sam Okafor"]),
        Tags(&["ports", "labour", "port aldane"]),
        Removed("EMBARGOED UNTIL", "boilerplate: embargo note"),
        Removed("Updated 10:42 a.m. ET", "date line"),
        Removed("Log in to comment", "boilerplate: login prompt"),
        Removed("14 Comments", "boilerplate: comments prompt"),
        Removed("Helen Marsh reported from Port Aldane.", "boilerplate: reporting credits"),
        Kept("Hundreds of dockworkers walked off the job"),
        Kept("Mayor Dolores Keane said the city"),
        Kept("according to the Harbour Authority."),
        Paragraphs(4),
    ]),
    ("a staff-written story with its outlet in the dateline", File("../wire/northfield_gazette.txt"), &[
        Title(Some("Council votes to close the old ferry terminal")),
        Date(Some("2024-08-21")), Outlet(Some("Northfield Gazette")), Authors(&[]),
        Language(Some("en")),
        Removed("Posted on Aug. 21, 2024 by Staff Writer", "date line"),
        Removed("WESTBROOK (Northfield Gazette) —", "date line"),
        Removed("Read also:", "boilerplate: read-more link"),
        Removed("Join the conversation", "boilerplate: comments prompt"),
        Removed("Please log in to leave a comment.", "boilerplate: login prompt"),
        Opens("The Westbrook Town Council voted"),
        Kept("Councillor Janet Pryce, who voted against the plan"),
        Kept("The council said savings would be spent"),
        Paragraphs(3),
    ]),
    ("a wire story with a dotted byline date and its agency", File("../wire/meridian_wire.txt"), &[
        Date(Some("2024-08-21")), Outlet(Some("Meridian Wire")), Authors(&["Priya Nand"]),
        Removed("By Priya Nand · 21 August 2024", "date line"),
        Removed("Reporting by Priya Nand; Editing by Marcus Bell", "boilerplate: reporting credits"),
        Kept("\"There is no reason for alarm,\" Vale said."),
        Paragraphs(3),
    ]),
    ("a numeric date that reads two ways is not guessed", File("../wire/ambiguous.txt"), &[
        Date(None), Ambiguous("2024-10-11", "2024-11-10"),
        Kept("The Carrow Bridge reopened to traffic on Friday"),
    ]),
    ("a Spanish story with a newsletter box, a counter and a login prompt", File("../wire/diario_la_costa.txt"), &[
        Title(Some("Los pescadores de Punta Brava bloquean el puerto en protesta por las nuevas cuotas")),
        Date(Some("2024-09-03")), Outlet(Some("Diario La Costa")), Authors(&["Lucía Ferrer"]),
        Language(Some("es")),
        Removed("Recibe cada mañana en tu correo nuestro boletín", "boilerplate: newsletter prompt"),
        Removed("Lee también:", "boilerplate: read-more link"),
        Removed("Comentarios (12)", "boilerplate: comments prompt"),
        Removed("Inicia sesión para comentar", "boilerplate: login prompt"),
        Kept("\"No nos dejan trabajar\", dijo Ramón Aguirre"),
        Kept("La ministra Inés Calvo del Río aseguró"),
        Paragraphs(3),
    ]),
    ("a Spanish desk byline names nobody, the dateline names the outlet", File("../wire/vigia_del_sur.txt"), &[
        Date(Some("2024-08-21")), Outlet(Some("El Vigía del Sur")), Authors(&[]),
        Language(Some("es")),
        Removed("Redacción | 21 ago. 2024", "date line"),
        Removed("SANTA ELENA (El Vigía del Sur).-", "date line"),
        Removed("Síguenos en Instagram", "boilerplate: social follow prompt"),
        Opens("Decenas de vecinos de Santa Elena"),
        Kept("El alcalde Ernesto Villalba dijo"),
        Paragraphs(3),
    ]),
    ("a Spanish wire story dated with its weekday", File("../wire/agencia_austral.txt"), &[
        Title(Some("Monteverde aprueba un plan de agua potable para los barrios del norte")),
        Date(Some("2024-09-03")), Outlet(Some("Agencia Austral")), Language(Some("es")),
        Removed("martes, 3 de septiembre de 2024", "date line"),
        Removed("Con información de Agencia Austral", "boilerplate: reporting credits"),
        Kept("La concejala Marta Olivares afirmó"),
        Paragraphs(2),
    ]),
    ("a Portuguese story with its newsletter and login prompts", File("../wire/jornal_do_planalto.txt"), &[
        Title(Some("Professores de Serra Clara entram em greve por reajuste salarial")),
        Date(Some("2024-09-05")), Outlet(Some("Jornal do Planalto")), Authors(&["Mariana Couto"]),
        Language(Some("pt")),
        Removed("Publicado em 5 de setembro de 2024", "date line"),
        Removed("Leia também:", "boilerplate: read-more link"),
        Removed("Receba nossa newsletter", "boilerplate: newsletter prompt"),
        Removed("Faça login para comentar", "boilerplate: login prompt"),
        Kept("\"Não aceitamos mais promessas\", disse Joana Ribeiro"),
        Kept("A prefeitura afirmou que a proposta"),
        Paragraphs(3),
    ]),
    ("a Portuguese byline with a label and a numeric date", File("../wire/folha_ribeirinha.txt"), &[
        Date(Some("2024-09-25")), Outlet(Some("Folha Ribeirinha")), Authors(&["Paulo Antunes"]),
        Language(Some("pt")),
        Removed("Texto: Paulo Antunes | 25/09/2024", "date line"),
        Removed("Publicidade", "boilerplate: advertisement"),
        Removed("Compartilhe", "boilerplate: share prompt"),
        Kept("O coordenador Hélio Duarte disse"),
        Paragraphs(3),
    ]),
    ("a French story with its newsletter, login and counter", File("../wire/courrier_des_vallees.txt"), &[
        Title(Some("Les éleveurs de Valmont manifestent contre la fermeture de l'abattoir")),
        Date(Some("2024-09-12")), Outlet(Some("Le Courrier des Vallées")), Authors(&["Claire Dumont"]),
        Language(Some("fr")),
        Removed("Par Claire Dumont", "boilerplate: byline"),
        Removed("Publié le 12 septembre 2024", "date line"),
        Removed("Lire aussi :", "boilerplate: read-more link"),
        Removed("Abonnez-vous à notre newsletter", "boilerplate: newsletter prompt"),
        Removed("Connectez-vous pour commenter", "boilerplate: login prompt"),
        Removed("3 commentaires", "boilerplate: comments prompt"),
        Kept("« C'est toute une filière qu'on condamne »"),
        Kept("La direction de l'abattoir n'a pas répondu"),
        Paragraphs(3),
    ]),
    ("a French wire story dated by its update stamp", File("../wire/depeche_alpine.txt"), &[
        Title(Some("Un glissement de terrain coupe la route du col de Ferrand")),
        Date(Some("2024-09-13")), Outlet(Some("Dépêche Alpine")), Language(Some("fr")),
        Removed("VALMONT (Dépêche Alpine) -", "date line"),
        Removed("Partager", "boilerplate: share prompt"),
        Removed("Sur le même sujet", "boilerplate: related links section"),
        Removed("Les routes de montagne sous surveillance", "boilerplate: related links section"),
        Kept("Le maire de Ferrand, Lucie Armand, a indiqué"),
        Paragraphs(2),
    ]),
    ("prose that looks like the new furniture is kept",
        Text("Grain embargo lifted after talks\n\nAugust 21, 2024\n\nThe embargo on grain exports was lifted on Friday, officials said.\n\nEmbargoed shipments left the port within hours, and the harbour master said crews had waited weeks.\n\nUpdated figures released at 10:42 showed twelve ships still at anchor.\n\nAna Pérez reported from Lima that the army had withdrawn from the square.\n\nThe army reported from Lima.\n\nLog in data from the customs office showed the delay.\n\nTags on the containers were checked by hand.\n\nEl boletín oficial publicó el decreto el martes, según la alcaldía.\n"), &[
        Date(Some("2024-08-21")), Authors(&[]),
        Kept("The embargo on grain exports was lifted on Friday, officials said."),
        Kept("Embargoed shipments left the port within hours"),
        Kept("Updated figures released at 10:42 showed twelve ships still at anchor."),
        Kept("Ana Pérez reported from Lima that the army had withdrawn from the square."),
        Kept("The army reported from Lima."),
        Kept("Log in data from the customs office showed the delay."),
        Kept("Tags on the containers were checked by hand."),
        Kept("El boletín oficial publicó el decreto el martes"),
        Paragraphs(8),
    ]),
    ("invisible and symbol-only lines are empty paragraphs",
        Text("\u{200b}\n\n* * *\n\nThe count went on.\n"), &[
        Body(&["The count went on."]),
        Removed("* * *", "empty paragraph"),
        Removals(1),
    ]),
];

/// Date lines in many shapes over one body sentence: the date found (or
/// none), the line removed as a date line, the sentence kept.
#[rustfmt::skip]
const DATE_LINES: &[(&str, Option<&str>)] = &[
    ("31 July 2024", Some("2024-07-31")),
    ("July 31, 2024", Some("2024-07-31")),
    ("Jul. 31st, 2024", Some("2024-07-31")),
    ("2024-07-31", Some("2024-07-31")),
    ("Published: 31/07/2024", Some("2024-07-31")),
    ("Published: 07/08/2024", None),
    ("Publicado el 31 de julio de 2024 a las 14:30", Some("2024-07-31")),
    ("31. Juli 2024, 14:30 Uhr", Some("2024-07-31")),
    ("Mis à jour le 31 juillet 2024", Some("2024-07-31")),
    ("July 2024", Some("2024-07")),
    ("By Jane Doe | July 31, 2024 | 5 min read", Some("2024-07-31")),
    ("2024-07-31T14:30:00Z", Some("2024-07-31")),
];

fn raw_of(source: &Source) -> String {
    match source {
        File(name) => {
            let path = format!(
                "{}/tests/fixtures/import/rules/{name}",
                env!("CARGO_MANIFEST_DIR")
            );
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
        }
        Text(text) => text.to_string(),
    }
}

/// The failures of one expectation, as sentences.
fn check(article: &CleanArticle, expect: &Expect) -> Option<String> {
    let reason_count = |reason: RemovalReason| {
        article
            .removed
            .iter()
            .filter(|r| r.reason == reason)
            .count()
    };
    let in_body = |text: &str| {
        article
            .paragraphs
            .iter()
            .filter(|p| p.contains(text))
            .count()
    };
    let fail = |ok: bool, message: String| (!ok).then_some(message);
    match expect {
        Title(title) => fail(
            article.title.as_deref() == *title,
            format!("title {:?}, expected {title:?}", article.title),
        ),
        Date(date) => fail(
            article.date.as_deref() == *date,
            format!("date {:?}, expected {date:?}", article.date),
        ),
        Paragraphs(n) => fail(
            article.paragraphs.len() == *n,
            format!("{} paragraphs, expected {n}", article.paragraphs.len()),
        ),
        Removals(n) => fail(
            article.removed.len() == *n,
            format!("{} removals, expected {n}", article.removed.len()),
        ),
        Repeats(n) => fail(
            reason_count(RemovalReason::Repeated) == *n,
            format!(
                "{} repeats, expected {n}",
                reason_count(RemovalReason::Repeated)
            ),
        ),
        Kept(sentence) => fail(
            in_body(sentence) == 1,
            format!("expected once in the body: {sentence:?}"),
        ),
        Removed(text, reason) => fail(
            article
                .removed
                .iter()
                .any(|r| r.text.contains(text) && r.reason.to_string() == *reason)
                && in_body(text) == 0,
            format!("expected {text:?} removed as {reason:?} and gone from the body"),
        ),
        RemovedPiece(text, reason) => fail(
            article
                .removed
                .iter()
                .any(|r| r.text == *text && r.reason.to_string() == *reason),
            format!("expected the piece {text:?} removed as {reason:?}"),
        ),
        Opens(start) => fail(
            article
                .paragraphs
                .first()
                .is_some_and(|p| p.starts_with(start)),
            format!("expected the body to open with {start:?}"),
        ),
        Body(paragraphs) => fail(
            article.paragraphs == *paragraphs,
            format!("body differs: expected {paragraphs:#?}"),
        ),
        Authors(names) => fail(
            article.authors == *names,
            format!("authors {:?}, expected {names:?}", article.authors),
        ),
        Outlet(outlet) => fail(
            article.outlet.as_deref() == *outlet,
            format!("outlet {:?}, expected {outlet:?}", article.outlet),
        ),
        Language(language) => fail(
            article.language.as_deref() == *language,
            format!("language {:?}, expected {language:?}", article.language),
        ),
        Updated(updated) => fail(
            article.updated.as_deref() == *updated,
            format!("updated {:?}, expected {updated:?}", article.updated),
        ),
        Tags(tags) => fail(
            article.tags == *tags,
            format!("tags {:?}, expected {tags:?}", article.tags),
        ),
        Ambiguous(day_first, month_first) => fail(
            article
                .ambiguous_date
                .as_ref()
                .is_some_and(|a| a.day_first == *day_first && a.month_first == *month_first),
            format!(
                "ambiguous date {:?}, expected {day_first} or {month_first}",
                article.ambiguous_date
            ),
        ),
    }
}

#[test]
fn every_case_of_the_table_cleans_as_an_editor_expects() {
    let mut failures = Vec::new();
    for (name, source, expects) in CASES {
        let raw = raw_of(source);
        let article = clean(&raw);
        for paragraph in &article.paragraphs {
            if !raw.contains(paragraph.as_str()) {
                failures.push(format!("{name}: not verbatim: {paragraph}"));
            }
        }
        let problems: Vec<String> = expects.iter().filter_map(|e| check(&article, e)).collect();
        if !problems.is_empty() {
            failures.push(format!(
                "{name}:\n  {}\n{article:#?}",
                problems.join("\n  ")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn date_lines_in_many_shapes_give_the_date() {
    for (line, expected) in DATE_LINES {
        let raw = format!("{line}\n\nThe council said the count was final.\n");
        let article = clean(&raw);
        assert_eq!(article.date.as_deref(), *expected, "{line}");
        assert_eq!(article.removed[0].reason, RemovalReason::DateLine, "{line}");
        assert_eq!(
            article.paragraphs,
            ["The council said the count was final."],
            "{line}"
        );
    }
}

#[test]
fn reasons_read_as_short_words() {
    for (reason, printed) in [
        (RemovalReason::Repeated, "repeated text"),
        (
            RemovalReason::Boilerplate("social follow prompt"),
            "boilerplate: social follow prompt",
        ),
        (RemovalReason::DateLine, "date line"),
        (RemovalReason::Headline, "headline (moved to title)"),
        (RemovalReason::Caption, "image caption"),
        (RemovalReason::Empty, "empty paragraph"),
    ] {
        assert_eq!(reason.to_string(), printed);
    }
}

proptest! {
    #[test]
    fn never_panics_and_keeps_text_verbatim(raw in any::<String>()) {
        let article = clean(&raw);
        for paragraph in &article.paragraphs {
            prop_assert!(raw.contains(paragraph.as_str()));
        }
    }

    #[test]
    fn never_panics_on_article_shaped_text(
        lines in proptest::collection::vec(
            prop_oneof![
                "[A-Z][a-z]{1,8}( [a-z]{1,8}){0,12}[.!?]?",
                "(date|Published:|By) [0-9]{1,4}[-/.][0-9]{1,2}[-/.][0-9]{1,4}.{0,20}",
                "[A-Z]{2,8}, [A-Z][a-z]+ [0-9]{1,2}(, [0-9]{4})? \\([A-Za-z]{2,8}\\) [-—] .{0,30}",
                ".{0,40}\\([^)]{0,20}\\)",
                "[ \\t\\u{a0}\\u{200b}]{0,3}",
                ".{0,60}",
            ],
            0..30,
        ),
        separator in prop_oneof!["\n", "\n\n", "\r\n", "\r\n\r\n"],
    ) {
        let raw = lines.join(&separator);
        let article = clean(&raw);
        for paragraph in &article.paragraphs {
            prop_assert!(raw.contains(paragraph.as_str()));
        }
        if let Some(date) = &article.date {
            prop_assert!(date.len() == 10 || date.len() == 7);
        }
    }
}
