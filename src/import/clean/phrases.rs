//! The phrases of publisher boilerplate, one table per language, for an
//! editor to read and extend. Every phrase is lower case, with straight
//! quotes and single spaces, as the matching key of a line is. Whole-line
//! phrases match a line without its surrounding punctuation; prefixes match
//! its start. The rules that use them, and their word limits, are in
//! `boilerplate.rs`; a phrase here never removes prose on its own.

/// The boilerplate phrases of one language.
pub(super) struct Phrases {
    /// Headings over a list of links to other stories (whole line).
    pub(super) related: &'static [&'static str],
    /// "Read more: …" (prefix).
    pub(super) read_more: &'static [&'static str],
    /// Advertisement markers (whole line).
    pub(super) advertisement: &'static [&'static str],
    /// Subscription and paywall prompts (whole line).
    pub(super) subscription: &'static [&'static str],
    /// Prompts to log in before commenting or reading (prefix).
    pub(super) login: &'static [&'static str],
    /// Site navigation (whole line).
    pub(super) navigation: &'static [&'static str],
    /// Media player residue (whole line).
    pub(super) media: &'static [&'static str],
    /// Share buttons (whole line).
    pub(super) share: &'static [&'static str],
    /// Comment buttons and headings (whole line).
    pub(super) comments: &'static [&'static str],
    /// The noun of a comment counter: "12 comments", "Comentarios (4)".
    pub(super) comment_nouns: &'static [&'static str],
    /// "Click here…" (prefix).
    pub(super) click: &'static [&'static str],
    /// "Tags: …" (prefix).
    pub(super) tags: &'static [&'static str],
    /// Kickers over a story (whole line).
    pub(super) kickers: &'static [&'static str],
    /// A newsletter box's lone lines (whole line).
    pub(super) newsletter_lines: &'static [&'static str],
    /// Words that name a newsletter (anywhere).
    pub(super) newsletter_names: &'static [&'static str],
    /// Words that ask the reader to sign up (anywhere, with a newsletter word).
    pub(super) newsletter_asks: &'static [&'static str],
    /// Embargo notes above a story (prefix).
    pub(super) embargo: &'static [&'static str],
}

#[rustfmt::skip]
const ENGLISH: Phrases = Phrases {
    related: &[
        "related topics", "more on this story", "related stories", "related articles",
        "related content", "related news", "related coverage", "related internet links",
        "more on this topic", "most read", "most popular", "most viewed", "top stories",
        "you may also like", "you might also like", "you may be interested in", "recommended",
        "recommended stories", "recommended for you", "more stories", "more news", "latest news",
        "latest stories", "trending", "trending now", "editor's picks", "read next",
        "what to read next", "around the web", "from our partners", "sponsored stories",
    ],
    read_more: &["read more", "read also", "also read", "see also", "related:", "recommended:", "more:"],
    advertisement: &[
        "advertisement", "advertisment", "advertising", "ad", "ads", "sponsored",
        "sponsored content", "paid content", "paid post", "promoted", "partner content",
        "skip advertisement", "story continues below advertisement",
        "article continues below advertisement", "continue reading below",
        "article continues below", "story continues below", "scroll to continue",
        "scroll to continue reading", "continue reading", "continue reading the main story",
    ],
    subscription: &[
        "subscribe", "subscribe now", "subscribe today", "subscribe for free",
        "already a subscriber", "already a subscriber? log in", "already a subscriber? sign in",
        "sign in", "log in", "login", "register", "create an account", "create a free account",
        "become a member", "support our journalism", "support us", "donate", "donate now",
        "get the app", "download the app", "download our app", "open in app", "subscribers only",
        "subscriber only", "exclusive for subscribers",
    ],
    login: &[
        "log in to comment", "log in to leave a comment", "sign in to comment",
        "login to comment", "you must be logged in", "you need to be logged in",
        "please log in to", "please sign in to", "log in or register to",
        "sign in or create an account", "to comment, please log in",
    ],
    navigation: &[
        "menu", "search", "home", "skip to content", "skip to main content",
        "skip to navigation", "close", "back to top", "go to top", "next article",
        "previous article", "next", "previous", "main menu", "toggle navigation", "open menu",
        "close menu", "show more", "load more", "see more", "view more", "sections", "explore",
    ],
    media: &[
        "play video", "watch", "watch video", "watch now", "watch live", "video", "listen",
        "listen now", "listen to this article", "listen to article",
        "this video can not be played", "this video cannot be played", "play", "pause", "mute",
        "unmute", "full screen", "fullscreen", "video player", "audio", "podcast",
        "audio player", "media player",
    ],
    share: &[
        "share", "share this", "share this article", "share this story", "share article",
        "share story", "share page", "share via", "share on facebook", "share on twitter",
        "share on x", "share on whatsapp", "share via email", "copy link", "link copied",
        "copy article link", "tweet", "save", "save article",
    ],
    comments: &[
        "comments", "comment", "leave a comment", "join the conversation", "show comments",
        "view comments", "hide comments", "load comments", "add a comment", "post a comment",
        "comments are closed", "commenting is closed",
    ],
    comment_nouns: &["comment", "comments", "reply", "replies"],
    click: &["click here", "tap here", "click to "],
    tags: &["tags:", "tags ", "topics:", "filed under", "categories:", "category:", "keywords:"],
    kickers: &[
        "breaking", "breaking news", "live", "live updates", "exclusive", "analysis", "opinion",
        "explainer", "developing story", "fact check",
    ],
    newsletter_lines: &[
        "sign up", "sign up here", "sign up now", "newsletter", "newsletters", "enter your email",
        "enter your email address",
    ],
    newsletter_names: &["newsletter", "inbox"],
    newsletter_asks: &[
        "sign up", "sign-up", "subscribe to", "subscribe now", "subscribe for", "get our",
        "register for", "receive our", "delivered to your inbox", "straight to your inbox",
        "in your inbox", "enter your email",
    ],
    embargo: &[
        "embargoed", "embargo:", "embargo until", "under embargo", "not for publication before",
        "not for release before", "hold for release", "for release at", "strictly embargoed",
    ],
};

#[rustfmt::skip]
const SPANISH: Phrases = Phrases {
    related: &[
        "noticias relacionadas", "más noticias", "temas relacionados", "artículos relacionados",
        "lo más leído", "lo más visto", "más leídas", "más leído", "te recomendamos",
        "te puede interesar", "también te puede interesar",
    ],
    read_more: &[
        "lee también", "lea también", "leer más", "lee más", "ver también", "te puede interesar:",
        "más información:", "te recomendamos:",
    ],
    advertisement: &[
        "publicidad", "anuncio", "continúa leyendo", "sigue leyendo", "la nota continúa debajo",
        "contenido patrocinado",
    ],
    subscription: &[
        "suscríbete", "suscribirse", "suscríbete ahora", "hazte socio", "iniciar sesión",
        "regístrate",
    ],
    login: &[
        "inicia sesión para", "inicie sesión para", "regístrate para comentar",
        "debes iniciar sesión", "debe iniciar sesión", "para comentar debes",
        "para comentar, inicia sesión", "identifícate para",
    ],
    navigation: &["ver más", "cargar más", "inicio", "buscar", "volver arriba"],
    media: &["escuchar", "escuchar artículo", "ver video", "ver vídeo", "reproducir"],
    share: &[
        "compartir", "comparte", "comparte esta noticia", "compartir en facebook",
        "compartir en twitter", "compartir en whatsapp", "guardar",
    ],
    comments: &["comentarios", "comentar", "deja tu comentario", "ver comentarios"],
    comment_nouns: &["comentario", "comentarios", "respuestas"],
    click: &["haz clic", "haga clic", "pulsa aquí", "pincha aquí"],
    tags: &["etiquetas:", "temas:"],
    kickers: &["última hora", "en vivo", "en directo", "exclusiva", "análisis", "opinión"],
    newsletter_lines: &["boletín", "boletines"],
    newsletter_names: &["boletín", "boletin", "bandeja de entrada", "newsletter"],
    newsletter_asks: &[
        "suscríbete", "suscribete", "recibe", "apúntate", "apuntate", "inscríbete", "regístrate",
    ],
    embargo: &[
        "embargo hasta", "embargado hasta", "bajo embargo", "no publicar antes",
        "no difundir antes", "embargo:",
    ],
};

#[rustfmt::skip]
const PORTUGUESE: Phrases = Phrases {
    related: &["mais lidas", "notícias relacionadas", "mais notícias", "veja mais"],
    read_more: &["leia também", "leia mais", "veja também", "saiba mais:"],
    advertisement: &["publicidade", "continua depois da publicidade", "conteúdo patrocinado"],
    subscription: &["assine", "assine já", "cadastre-se", "seja assinante", "já é assinante"],
    login: &[
        "faça login para", "faça o login para", "entre para comentar", "é preciso estar logado",
        "você precisa estar logado", "inicie sessão para",
    ],
    navigation: &["início", "voltar ao topo", "carregar mais"],
    media: &["ouvir", "ouça esta notícia", "assista", "assista ao vídeo"],
    share: &["partilhar", "compartilhar", "compartilhe", "compartilhar no whatsapp"],
    comments: &["comentários", "comentar", "deixe seu comentário", "ver comentários"],
    comment_nouns: &["comentário", "comentários", "respostas"],
    click: &["clique aqui"],
    tags: &["tópicos:", "tags:", "assuntos:", "palavras-chave:"],
    kickers: &["ao vivo", "urgente", "exclusivo", "análise", "opinião"],
    newsletter_lines: &["newsletter", "boletim"],
    newsletter_names: &["newsletter", "boletim", "caixa de entrada"],
    newsletter_asks: &["assine", "receba", "inscreva-se", "cadastre-se", "cadastre seu e-mail"],
    embargo: &["embargo até", "embargado até", "não publicar antes", "sob embargo"],
};

#[rustfmt::skip]
const FRENCH: Phrases = Phrases {
    related: &["sur le même sujet", "à lire aussi", "les plus lus", "les plus partagés"],
    read_more: &["lire aussi", "à lire aussi:", "voir aussi", "lire également"],
    advertisement: &["publicité", "contenu sponsorisé", "lire la suite"],
    subscription: &[
        "s'abonner", "abonnez-vous", "inscrivez-vous", "s'inscrire", "je m'abonne",
        "déjà abonné", "déjà abonné? connectez-vous",
    ],
    login: &[
        "connectez-vous pour", "identifiez-vous pour", "vous devez être connecté",
        "se connecter pour commenter", "connectez-vous",
    ],
    navigation: &["accueil", "retour en haut", "rechercher", "voir plus"],
    media: &["écouter", "écouter cet article", "regarder la vidéo", "lire la vidéo"],
    share: &["partager", "partager sur facebook", "partager sur twitter", "copier le lien"],
    comments: &["commentaires", "commenter", "réagir", "laisser un commentaire"],
    comment_nouns: &["commentaire", "commentaires", "réactions", "réaction"],
    click: &["cliquez ici"],
    tags: &["mots-clés", "mots clés", "thèmes:", "sujets:"],
    kickers: &["en direct", "direct", "décryptage", "analyse", "tribune", "exclusif"],
    newsletter_lines: &["newsletter", "infolettre", "lettre d'information"],
    newsletter_names: &["newsletter", "infolettre", "lettre d'information", "boîte mail"],
    newsletter_asks: &["abonnez", "inscrivez", "recevez", "recevoir", "s'inscrire", "je m'inscris"],
    embargo: &["sous embargo", "embargo jusqu'au", "embargo jusqu'à", "ne pas publier avant", "embargo:"],
};

/// German and Italian, as the module knew them before per-language tables.
#[rustfmt::skip]
const OTHER: Phrases = Phrases {
    related: &["mehr zum thema", "meistgelesen", "leggi anche", "più letti"],
    read_more: &["mehr zum thema:", "lesen sie auch", "leggi anche"],
    advertisement: &["anzeige", "werbung", "pubblicità"],
    subscription: &["jetzt abonnieren", "abbonati"],
    login: &["melden sie sich an", "accedi per commentare"],
    navigation: &[],
    media: &[],
    share: &["teilen", "condividi"],
    comments: &["kommentare"],
    comment_nouns: &["kommentare", "commenti"],
    click: &["klicken sie hier", "clicca qui"],
    tags: &["schlagworte"],
    kickers: &["eilmeldung", "liveblog"],
    newsletter_lines: &[],
    newsletter_names: &[],
    newsletter_asks: &[],
    embargo: &["sperrfrist"],
};

const TABLES: [&Phrases; 5] = [&ENGLISH, &SPANISH, &PORTUGUESE, &FRENCH, &OTHER];

/// Every language's phrases of one kind.
pub(super) fn all(
    pick: fn(&Phrases) -> &'static [&'static str],
) -> impl Iterator<Item = &'static str> {
    TABLES
        .into_iter()
        .flat_map(move |table| pick(table).iter().copied())
}

/// Whether `bare` is one of the whole-line phrases of one kind.
pub(super) fn is_line(pick: fn(&Phrases) -> &'static [&'static str], bare: &str) -> bool {
    all(pick).any(|phrase| phrase == bare)
}

/// Whether `key` starts with one of the phrases of one kind.
pub(super) fn starts(pick: fn(&Phrases) -> &'static [&'static str], key: &str) -> bool {
    all(pick).any(|phrase| key.starts_with(phrase))
}
