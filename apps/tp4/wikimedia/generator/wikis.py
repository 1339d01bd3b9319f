"""The wikis of the generated recent-changes feed: names, servers, namespaces, traffic shares.

Shares follow the order of magnitude of the real feed (Wikidata and Commons dominate, then the big
Wikipedias); frwiki is somewhat over-represented so that the TP4 lab's French questions have data.
"""

# Namespace names by language (MediaWiki's localised canonical names).
NAMESPACES = {
    "en": {
        1: "Talk",
        2: "User",
        3: "User talk",
        4: "Wikipedia",
        6: "File",
        10: "Template",
        14: "Category",
    },
    "fr": {
        1: "Discussion",
        2: "Utilisateur",
        3: "Discussion utilisateur",
        4: "Wikipédia",
        6: "Fichier",
        10: "Modèle",
        14: "Catégorie",
    },
    "de": {
        1: "Diskussion",
        2: "Benutzer",
        3: "Benutzer Diskussion",
        4: "Wikipedia",
        6: "Datei",
        10: "Vorlage",
        14: "Kategorie",
    },
    "es": {
        1: "Discusión",
        2: "Usuario",
        3: "Usuario discusión",
        4: "Wikipedia",
        6: "Archivo",
        10: "Plantilla",
        14: "Categoría",
    },
    "it": {
        1: "Discussione",
        2: "Utente",
        3: "Discussioni utente",
        4: "Wikipedia",
        6: "File",
        10: "Template",
        14: "Categoria",
    },
    "ru": {
        1: "Обсуждение",
        2: "Участник",
        3: "Обсуждение участника",
        4: "Википедия",
        6: "Файл",
        10: "Шаблон",
        14: "Категория",
    },
    "ja": {
        1: "ノート",
        2: "利用者",
        3: "利用者‐会話",
        4: "Wikipedia",
        6: "ファイル",
        10: "Template",
        14: "Category",
    },
    "zh": {
        1: "Talk",
        2: "User",
        3: "User talk",
        4: "Wikipedia",
        6: "File",
        10: "Template",
        14: "Category",
    },
    "pt": {
        1: "Discussão",
        2: "Usuário(a)",
        3: "Usuário(a) Discussão",
        4: "Wikipédia",
        6: "Ficheiro",
        10: "Predefinição",
        14: "Categoria",
    },
    "pl": {
        1: "Dyskusja",
        2: "Wikipedysta",
        3: "Dyskusja wikipedysty",
        4: "Wikipedia",
        6: "Plik",
        10: "Szablon",
        14: "Kategoria",
    },
    "nl": {
        1: "Overleg",
        2: "Gebruiker",
        3: "Overleg gebruiker",
        4: "Wikipedia",
        6: "Bestand",
        10: "Sjabloon",
        14: "Categorie",
    },
    "ar": {
        1: "نقاش",
        2: "مستخدم",
        3: "نقاش المستخدم",
        4: "ويكيبيديا",
        6: "ملف",
        10: "قالب",
        14: "تصنيف",
    },
    "uk": {
        1: "Обговорення",
        2: "Користувач",
        3: "Обговорення користувача",
        4: "Вікіпедія",
        6: "Файл",
        10: "Шаблон",
        14: "Категорія",
    },
    "oc": {
        1: "Discussion",
        2: "Utilizaire",
        3: "Discussion Utilizaire",
        4: "Wikipèdia",
        6: "Fichièr",
        10: "Modèl",
        14: "Categoria",
    },
}

# dbname, server name, language, share of the feed (relative), family.
WIKIS = [
    ("wikidatawiki", "www.wikidata.org", "en", 30.0, "wikidata"),
    ("commonswiki", "commons.wikimedia.org", "en", 20.0, "commons"),
    ("enwiki", "en.wikipedia.org", "en", 12.0, "wikipedia"),
    ("frwiki", "fr.wikipedia.org", "fr", 7.0, "wikipedia"),
    ("dewiki", "de.wikipedia.org", "de", 4.0, "wikipedia"),
    ("eswiki", "es.wikipedia.org", "es", 2.5, "wikipedia"),
    ("itwiki", "it.wikipedia.org", "it", 2.0, "wikipedia"),
    ("ruwiki", "ru.wikipedia.org", "ru", 2.0, "wikipedia"),
    ("jawiki", "ja.wikipedia.org", "ja", 1.5, "wikipedia"),
    ("zhwiki", "zh.wikipedia.org", "zh", 1.2, "wikipedia"),
    ("ptwiki", "pt.wikipedia.org", "pt", 1.0, "wikipedia"),
    ("plwiki", "pl.wikipedia.org", "pl", 0.8, "wikipedia"),
    ("nlwiki", "nl.wikipedia.org", "nl", 0.8, "wikipedia"),
    ("arwiki", "ar.wikipedia.org", "ar", 0.8, "wikipedia"),
    ("ukwiki", "uk.wikipedia.org", "uk", 0.6, "wikipedia"),
    ("ocwiki", "oc.wikipedia.org", "oc", 0.15, "wikipedia"),
    ("enwiktionary", "en.wiktionary.org", "en", 1.5, "wiktionary"),
    ("frwiktionary", "fr.wiktionary.org", "fr", 1.2, "wiktionary"),
    ("frwikisource", "fr.wikisource.org", "fr", 0.3, "wikisource"),
    ("frwikiquote", "fr.wikiquote.org", "fr", 0.1, "wikiquote"),
    ("metawiki", "meta.wikimedia.org", "en", 0.5, "meta"),
    ("mediawikiwiki", "www.mediawiki.org", "en", 0.3, "meta"),
    ("specieswiki", "species.wikimedia.org", "en", 0.2, "meta"),
]

# Project namespace (4) names that differ from the language's Wikipedia one.
PROJECT_NAMESPACE = {
    "wikidatawiki": "Wikidata",
    "commonswiki": "Commons",
    "enwiktionary": "Wiktionary",
    "frwiktionary": "Wiktionnaire",
    "frwikisource": "Wikisource",
    "frwikiquote": "Wikiquote",
    "metawiki": "Meta",
    "mediawikiwiki": "Project",
    "specieswiki": "Wikispecies",
}

# Share of each change type by family: edit, new, log, categorize.
TYPE_MIX = {
    "wikipedia": (0.62, 0.07, 0.10, 0.21),
    "wikidata": (0.90, 0.05, 0.05, 0.0),
    "commons": (0.35, 0.10, 0.25, 0.30),
    "wiktionary": (0.60, 0.15, 0.10, 0.15),
    "wikisource": (0.70, 0.10, 0.05, 0.15),
    "wikiquote": (0.75, 0.05, 0.10, 0.10),
    "meta": (0.70, 0.05, 0.20, 0.05),
}

# Share of changes made by bots, by family.
BOT_SHARE = {
    "wikidata": 0.55,
    "commons": 0.30,
    "wikipedia": 0.14,
    "wiktionary": 0.25,
    "wikisource": 0.10,
    "wikiquote": 0.05,
    "meta": 0.10,
}

# Wikis that expose the patrolled flag of edits and new pages in the feed.
PATROLLED_WIKIS = {
    "frwiki",
    "dewiki",
    "wikidatawiki",
    "commonswiki",
    "ruwiki",
    "plwiki",
    "frwiktionary",
    "metawiki",
    "mediawikiwiki",
}

# First recent-change id and revision id per wiki, of the right order of magnitude.
ID_BASES = {
    "wikidatawiki": (2_210_000_000, 2_120_000_000),
    "commonswiki": (2_470_000_000, 876_000_000),
    "enwiki": (1_760_000_000, 1_215_000_000),
    "frwiki": (608_000_000, 213_400_000),
    "dewiki": (355_000_000, 243_500_000),
    "eswiki": (580_000_000, 158_900_000),
}


def project_namespace(dbname, language):
    return PROJECT_NAMESPACE.get(dbname, NAMESPACES[language][4])


def namespace_name(dbname, language, namespace):
    """The title prefix of a namespace on a wiki ("" for the main namespace)."""
    if namespace == 0:
        return ""
    if namespace == 4:
        return project_namespace(dbname, language)
    if dbname == "wikidatawiki" and namespace == 120:
        return "Property"
    if dbname == "wikidatawiki" and namespace == 146:
        return "Lexeme"
    return NAMESPACES[language][namespace]
