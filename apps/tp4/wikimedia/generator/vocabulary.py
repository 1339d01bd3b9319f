"""Words the generator draws titles, user names and edit summaries from (invented or generic;
article titles are common encyclopedia subjects)."""

ARTICLES = {
    "en": ["Toulouse", "Blagnac", "Colomiers", "Airbus", "Taylor Swift", "2024 Summer Olympics",
           "Python (programming language)", "List of largest cities", "World War II",
           "United States", "Climate change", "Albert Einstein", "The Beatles", "Solar System",
           "Artificial intelligence", "Garonne", "Occitania", "Toulouse FC", "Stade Toulousain",
           "Canal du Midi", "Marie Curie", "Leonardo da Vinci", "Mount Everest", "Bitcoin",
           "COVID-19 pandemic", "Amazon River", "Football", "Jazz", "Roman Empire",
           "Photosynthesis"],
    "fr": ["Toulouse", "Emmanuel Macron", "Stade toulousain", "Airbus", "Garonne",
           "Tour de France 2024", "Kaamelott", "Canal du Midi", "Occitanie (région administrative)",
           "Paris", "Révolution française", "Victor Hugo", "Jeux olympiques d'été de 2024",
           "Intelligence artificielle", "Pyrénées", "Cassoulet", "Capitole de Toulouse",
           "Cité de l'espace", "Claude Nougaro", "Toulouse Football Club", "Jean Jaurès",
           "Baguette", "Liste des communes de France", "Marseille", "Lyon", "Molière",
           "Charles de Gaulle", "Astérix", "Château de Versailles", "Rugby à XV"],
    "de": ["Berlin", "Deutschland", "Fußball-Bundesliga", "Angela Merkel", "Goethe", "Rhein",
           "Zweiter Weltkrieg", "München", "Toulouse", "Airbus"],
    "es": ["España", "Madrid", "Real Madrid Club de Fútbol", "Gabriel García Márquez", "Toulouse",
           "México", "Don Quijote de la Mancha", "Pirineos"],
    "it": ["Roma", "Italia", "Dante Alighieri", "Juventus Football Club", "Tolosa", "Milano"],
    "ru": ["Москва", "Россия", "Санкт-Петербург", "Пушкин, Александр Сергеевич", "Тулуза",
           "Великая Отечественная война"],
    "ja": ["日本", "東京都", "トゥールーズ", "ドラゴンボール", "富士山", "大阪市"],
    "zh": ["中华人民共和国", "北京市", "图卢兹", "长城", "上海市", "孔子"],
    "pt": ["Brasil", "Portugal", "São Paulo", "Toulouse", "Futebol"],
    "pl": ["Polska", "Warszawa", "Kraków", "Tuluza", "Fryderyk Chopin"],
    "nl": ["Nederland", "Amsterdam", "Toulouse", "Vincent van Gogh", "Eredivisie"],
    "ar": ["مصر", "القاهرة", "تولوز", "اللغة العربية", "المغرب"],
    "uk": ["Україна", "Київ", "Тулуза", "Тарас Шевченко", "Львів"],
    "oc": ["Tolosa", "Occitània", "Garona", "Lenga occitana", "Capitòli de Tolosa"],
}

WIKTIONARY_WORDS = ["chocolatine", "pain au chocolat", "garonne", "chat", "être", "run", "set",
                    "bonjour", "quatre", "dictionary", "cassoulet", "toulousain", "rugby", "mot"]

COMMONS_SUBJECTS = ["Toulouse Capitole", "Pont Neuf Toulouse", "Garonne river", "Airbus A350",
                    "Canal du Midi lock", "Basilique Saint-Sernin", "Blagnac airport",
                    "Pyrenees landscape", "Street in Muret", "Church of Revel", "Wildflowers",
                    "Museum object", "Old postcard", "Railway station"]

SOURCE_TITLES = ["Les Misérables/Tome 1", "Page:Hugo - Les Contemplations.djvu/12",
                 "Histoire de Toulouse", "Page:Dictionnaire topographique.djvu/304"]

QUOTE_TITLES = ["Kaamelott", "Kaamelott/Perceval", "Kaamelott/Karadoc", "Victor Hugo",
                "Proverbes français"]

META_TITLES = ["Steward requests/Global", "Wikimedia Foundation elections",
               "Requests for comment", "Tech/News", "Help:Extension:Translate"]

SPECIES = ["Felis catus", "Quercus robur", "Apis mellifera", "Carabus auronitens", "Rosa canina"]

CATEGORIES = {
    "en": ["Living people", "Communes in Haute-Garonne", "Articles with short description",
           "CS1 maint: archived copy as title", "Pages using infobox settlement"],
    "fr": ["Commune de la Haute-Garonne", "Portail:Toulouse/Articles liés",
           "Article de Wikipédia avec notice d'autorité", "Page utilisant P18",
           "Aire d'attraction de Toulouse", "Catégorie:Ébauche commune de la Haute-Garonne"],
    "commons": ["Toulouse", "Haute-Garonne", "Images from Wiki Loves Monuments 2024",
                "Self-published work", "Uploaded with UploadWizard",
                "Files with no machine-readable author"],
    "other": ["Maintenance", "Pages with broken file links", "Hidden categories"],
}

# Syllables for invented user names.
SYLLABLES = ["ma", "ri", "lo", "tou", "lou", "za", "pi", "er", "ga", "ron", "ne", "ka", "me",
             "lot", "ju", "lie", "an", "to", "ine", "ce", "dric", "ni", "co", "las", "mi", "chel",
             "so", "phie", "be", "noit", "clai", "re", "yu", "ki", "ha", "ru", "ol", "ga", "sven"]

BOTS = ["DeltaQuadBot", "RefFixBot", "InterLangBot", "TaxonSyncBot", "CatMoverBot",
        "FileLinkBot", "WikidataSyncBot", "OrthoBot", "LiensBot", "MajBot", "ArchiveLinkBot",
        "StatsBot"]

SECTIONS = {
    "en": ["History", "Early life", "Career", "Geography", "References", "External links",
           "Demographics", "Reception"],
    "fr": ["Histoire", "Géographie", "Démographie", "Politique et administration", "Économie",
           "Culture locale et patrimoine", "Toponymie", "Références"],
}

SUMMARIES = {
    "en": ["typo", "ce", "Added citation", "clean up", "Reverted edits by {other} (talk) to last "
           "version by {user2}", "Undid revision {rev} by {other} (talk)",
           "Rescuing 2 sources and tagging 0 as dead.) #IABot (v2.0.9.5", "Updated infobox",
           "Added [[Category:{cat}]]", "removed unsourced claim", "link fix", "+ image 👍"],
    "fr": ["orth.", "typo", "Ajout de source", "Annulation de la modification de {other}",
           "Mise à jour des données démographiques", "Révocation de vandalisme", "+ Catégorie",
           "Lien interne vers [[{title2}]]", "Mise en forme", "Bot : mise à jour de modèle",
           "Ajout d'une image", "précision", "wikification"],
    "other": ["", "fix", "update", "+", "links", "source"],
}

WIKIDATA_SUMMARIES = [
    "/* wbsetclaim-create:2||1 */ [[Property:P31]]: [[Q5]]",
    "/* wbsetlabel-add:1|fr */ {label}",
    "/* wbsetdescription-set:1|en */ commune in Haute-Garonne, France",
    "/* wbeditentity-update-languages-short:0||fr, en, oc */",
    "/* wbsetaliases-add:1|en */ {label}",
    "/* wbcreateclaim-create:1| */ [[Property:P18]]: {label}.jpg",
    "/* wbsetreference-add:2| */ [[Property:P1082]]: 498,003, #quickstatements; invoked by "
    "Mix'n'match",
    "/* wbsetsitelink-add:1|frwiki */ {label}",
    "/* wbremoveclaims-remove:1| */ [[Property:P856]]: https://example.org",
]

COMMONS_SUMMARIES = [
    "Uploaded a work by {user} from {{{{own}}}} with UploadWizard",
    "Removed from [[Category:{cat}]]", "Cat-a-lot: Moving from [[Category:{cat}]] to "
    "[[Category:Haute-Garonne]]",
    "/* wbeditentity-update:0| */ Changed claim: [[d:Special:EntityPage/P180]]: "
    "[[d:Special:EntityPage/Q7880]]",
    "Adding [[Category:{cat}]]", "(Script) Duplicate; exact or scaled-down duplicate",
]

CATEGORIZE_COMMENTS = {
    "en": ("[[:{page}]] added to category", "[[:{page}]] removed from category"),
    "fr": ("[[:{page}]] ajoutée à la catégorie", "[[:{page}]] retirée de la catégorie"),
    "de": ("[[:{page}]] zur Kategorie hinzugefügt", "[[:{page}]] aus der Kategorie entfernt"),
}
