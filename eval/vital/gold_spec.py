"""Gold annotations of the Vital dev set (``dev_docs.jsonl``, drawn by ``draw.py``): encyclopedia
prose to tune on, the dev half of the locked Vital set (``eval/locked_docs.jsonl``).

Three annotators (one third each; helpers that saw no model output and looked every mention up
with ``eval/kb_lookup.py``) annotated under ``eval/GUIDELINES.md`` and the Vital conventions of
``eval/README.md``. Occurrence indices use ``str.find`` semantics (an occurrence inside a longer
word counts), as in ``eval/news``. Their notes on hard cases follow.

Batch 1: Hard cases: historical polities are linked to the KB record of the same entity over time where the
record covers them ("Kingdom of Prussia" -> wiki:Prussia, a German state 1525-1947; "Duchy of
Brittany" -> wiki:Brittany; "Aragon" in "Queen of Aragon" -> iso3166-2:ES-AR, as the existing set
links Bohemia/Hungary/Catalan to region records); medieval "Ireland"/"France" take the country
records. "Lawrence" as O'Toole's role is the portrayed T. E. Lawrence. "Yom Teruah" (the biblical
name of Rosh Hashanah) and "Hirundinidae" (the family the Swallow article is about) link to the
article's own record; the species "Hirundo rustica" is MISC NIL. Nicknames "Mr. Hockey" (Howe) are
PER. "Indians" (Indian South Africans) -> India as a demonym of its people; "Coloureds" NIL;
"black Africans"/"African river"/"African countries" -> wiki:Africa as in eval-010. "Hindu deity"
-> Hinduism. "British Army" is kept whole as an ORG (NIL) rather than the demonym; "German Labour
Front", "German Peasants' War", "North German Confederation" likewise whole, NIL. "Catholic
Monarchs" (Isabella and Ferdinand as a pair) PER NIL. A leading "The" is dropped from work titles
("Dark Crystal"), but "An American Dictionary of the English Language" keeps "An" (not a "The").
"Forbes" (magazine) ORG NIL; "DIN" (standards body in "DIN standard 1940") ORG NIL; "Otto Engine"
MISC NIL. "Delhi" takes both the city and the union-territory records; England/Scotland/Wales both
the wiki: and iso3166-2: records. Occurrence indices use str.find semantics (substrings count).

Batch 2: Hard cases: "Ville-Marie" / "City of Mary" (the 1642 settlement) are linked to Montreal itself, not
to the modern Ville-Marie borough; "Mount Royal" (the mountain), "Island of Montreal" and "Ile Bizard"
are NIL. "Indochinese Peninsula" -> wiki:Mainland_Southeast_Asia (same region); "Bangka Belitung
Islands" -> the province ID-BB; "Ganga"/"Krishnaveni" are alternate names of the river records.
Religion-adherent nouns (Hindus, Muslims, Sikhs, ...) go to the religion records, "Jewish" to wiki:Jews.
Historical polities: "England" (King of England) accepts the Kingdom and England; "Ireland" the
modern country (no Kingdom of Ireland record, following the Hungary precedent); "Milan" in "Duke of
Milan" -> the city (no duchy record, following the Novgorod precedent); "Seventeen Provinces of the
Netherlands" is one NIL span (the Low Countries, not the modern NL); "Ceylon" -> Sri Lanka.
"Palestine" (the Mandate-era region, 1935) is NIL rather than the State of Palestine.
"Aegean and Mediterranean civilizations": adjectives linked to the sea records. Species/breed
names: place adjectives inside lowercase species names ("African bush elephant") are annotated as
demonyms; capitalised taxa (Elephantidae NIL, Proboscidea linked) and cattle-breed names (Gir,
Nelore, Ongole, ...: NIL, not the town) are MISC. "United Kingdom House of Lords" is split
(UK + House of Lords NIL), "Canada-United States border" split into the two countries,
"Akrotiri and Dhekelia" kept as one NIL territory span, "Prussian Army" one NIL ORG span.
Not annotated: "Least Concern" (status label), "Father of the Nation" (honorific), lowercase
common nouns (piracy, stoat, ermine, junipers, mammoths). Deities (Tengri) are PER as in eval-012.
Occurrence indices follow str.find over the raw text (substrings of longer words count).

Batch 3: Hard cases: music genres: capitalized "Afrobeat" is a MISC mention (NIL, as "Western" genre in gold_spec), lowercase
"funk"/"jazz" are common nouns and left out. "Dean of American Music" is an honorific title, not a name: only
"American" inside it is annotated (-> US). Regnal/office titles ("Holy Roman Emperor", "King of the Romans",
"Grand Duke") are not mentions; "Ferdinand III" / "Ferdinand IV" alone are the PER spans (NIL); but proper place
names inside titles ("Supreme Duke of Lithuania", "King of Poland") are annotated as LOC. Historical states not in
the KB fall back to the modern country only where it is the same polity carried on (Lithuania also
Grand Duchy; Poland; Brazil as the Empire of Brazil or Brazil). "Siberia" in vdev-055 is the Paleozoic
continent, not the Russian region -> NIL; "East Slavs" is NIL (wiki:Slavs is broader); "Norse" NIL as in
gold_spec; "Nobel Prizes in Literature" NIL (wiki:Nobel_Prize is the family of prizes, a related record).
"World Bank" in the World Bank Group article explicitly means IBRD+IDA, not the group -> NIL. The leading
"The" of "The Jewish War" is dropped per README. "Lawrence" opening vdev-065 is the tail of "Gulf of St.
Lawrence" cut by the sentence splitter -> the article's subject. The symbol "e" (vdev-062) is annotated as a
name of the subject constant, like "Euler's number" and "Napier's constant". Bangkok and its ceremonial name get
both the city and the TH-10 subdivision; Washington, D.C. gets the wiki, city and US-DC records. Religious
group nouns "Hindus"/"Muslims" -> Hinduism/Islam; "Nubian"/"Nubians" -> Nubia; "Roman province" -> Roman
Empire or Ancient Rome; "Egyptian ... style" -> Egypt or Ancient Egypt; "southern Asian" -> Asia or South Asia.
Periods: "Triassic Period"/"Mesozoic Era"/"Phanerozoic Eon" and "Carboniferous period" kept whole (as
"Archaic period" in gold_spec). Occurrences use str.find semantics (substrings count).

Second draw (36 more paragraphs, vdev-072..107: the same seeded order, `draw.py 108`), two more
annotators the same way; the linker of the time was run on them before they were read.

Batch 4: Alternate names of an article's own subject are linked to its record, following the Yom
Teruah / Ville-Marie / "e" precedents: "Nāgarī" -> wiki:Devanagari, "Lacedaemon" -> Sparta
(geonames:253394 = wiki:Sparta), and in vdev-078 the name forms "Ésdrās", "Esdras" and the quoted
"Ezra" -> wiki:Ezra (PER); the Hebrew-script full name עֲזַרְיָהוּ (Azariah, the name Ezra is
shortened from, not a name of Ezra himself) is left out, and "Yah" in the gloss "Yah helps" is a
deity name -> wiki:Yahweh (PER, as Tengri). Language-naming adjectives go to the language records
("Greek Septuagint" -> wiki:Greek_language, "Latin", "Aramaic", "Hebrew name"); "Medieval Latin" is
one NIL span (wiki:Latin is the broader language), "Hebrew" inside "Hebrew Bible" is nested and not
annotated. "Italian-French" is split into two demonyms. "K. Rowling" (J. K. Rowling cut by the
sentence splitter) is PER NIL; the character "Harry Potter" is PER NIL (wiki:Harry_Potter is the
novel series, a different record). "U.S. Congress" is kept whole as an official name (ORG NIL, no
Congress record); "Democratic Party" NIL. Guam takes both iso3166:GU and iso3166-2:US-GU (as Delhi's
city + territory); "Micronesia" in the Guam text is the region (wiki:Micronesia, not the Federated
States); "Mariana Islands" NIL (Northern Mariana Islands is a different, smaller record);
"Chamorros" NIL. Botany (vdev-092): subgenera "Englerianae" and "Fagus" are MISC NIL (subgenus Fagus
is not the genus record wiki:Beech); the authority names "Denk" and "G.W.Grimm" are PER NIL; "Asia"
in "western and eastern Asia" -> wiki:Asia. "Inca emperor" -> wiki:Inca_Empire; "the Spanish"
arriving in 1520s Peru accepts Spain or wiki:Spanish_Empire. Sparta: "Peloponnese" (the peninsula)
-> iso3166-2:GR-J, the same-named region record, as Aragon/Bangka Belitung were linked to region
records; "Laconia", "Evrotas River" and "Leuctra" (the battle site) NIL; "Greek world" -> Ancient
Greece or Greece as vdev-037. "Weekly Shōnen Jump" typed ORG like the "Forbes" magazine precedent;
"Jump Comics" imprint ORG NIL. Valleys and plateaus of vdev-102 ("Rio Grande Valley", "Pecos
Valley", "Far West Texas" kept whole) are NIL rather than the river/state records. "the Church" (the
worldwide Christian community, capitalised as a name) is ORG NIL: there is no Christian Church
record and wiki:Church_(congregation)/Christianity are different things; lowercase "church" is a
common noun. "Battle of Manila" (1899) and "First Philippine Republic" NIL. Occurrence indices use
str.find semantics (substrings count).

Batch 5: Batch v2 (vdev-073..107, 18 docs). Historical polities follow the batch-1 precedents:
"Epirus" (king of Epirus) -> the modern region record GR-D (Ipeiros), as Aragon -> ES-AR; "Normandy"
(Duke of Normandy) -> FR-NOR; "Ruthenia" (King of Ruthenia) -> wiki:Kingdom_of_Galicia–Volhynia,
whose record carries the alias Kingdom of Ruthenia; "England" (invaded 1066) and "English revolts"
take Kingdom_of_England + England + GB-ENG as in vdev-029. "early Rome" (Pyrrhus' opponent) accepts
the city (capital-for-state metonymy rule), Ancient_Rome and Roman_Republic; "Romans" ->
Ancient_Rome + Roman_Republic (+ Roman_Empire for the timeless "known to the Romans as Gaul");
"Greek"/"Greeks" -> Ancient_Greece + GR as vdev-037; "Carthaginians" -> Ancient_Carthage or the city
Carthage. "Franco-Norman" split: "Franco" -> Kingdom_of_France/FR, "Norman" -> Normans or FR-NOR;
"Anglo-Saxon" kept whole -> Anglo-Saxons. "Khmer king" -> Khmer_Empire (not the language, not
Cambodia). "Athens" in the Peloponnesian War -> Classical_Athens or the city; "Sparta" -> the
ancient-polis record. "Khorramdin" (the sect name discussed as a word, plural "are considered") MISC
NIL, not Babak; "Behdin" and its gloss "Good Religion" -> Zoroastrianism (record lists Behdin as
alias), as "City of Mary" precedent; "neo-Mazdakism" one NIL span (prefix, no Mazdakism record);
"Iranianizing" annotated as a nationality-derived adjective -> Iran; "Azerbaijan in northwestern
Iran" is Iranian Azerbaijan -> NIL, not the Republic. Dynasty/people words without records are MISC
NIL ("Aeacid" as "Hasmonean", Molossians, Gauls, Aquitani, Belgae, "Dominican" friar: no Dominican
Order record). "Pyrrhic victory" MISC NIL as the Euler eponym terms. "Protector of the Indians" is
an office: only "Indians" -> Indigenous_peoples_of_the_Americas; honorifics "The Greatest Showman of
Indian Cinema"/"The Charlie Chaplin of Indian Cinema" as "Dean of American Music": only "Indian" (->
India) and "Charlie Chaplin" (the person compared) annotated. Languages in "Spanish-/French-
speaking" -> language records, "Haitian Creole" NIL (Creole_language is the general class). Riga,
Jakarta take city + subdivision records (LV-RIX, ID-JK) as Bangkok; "Riga metropolitan area" ->
"Riga" only; "Gulf of Riga", "Eastern Indonesia", "Makassar Strait", "West Indies", "Davis Strait",
"Daugava", "Angkor" (not Angkor Wat), "Lviv Raion", "Lviv urban hromada", "2026 World Cup", "Latter
Day Saint movement", "Church of Jesus Christ of Latter-day Saints" NIL. "Spain"/"Argentina" as teams
-> countries. Occurrences use str.find semantics.
"""

from __future__ import annotations

GOLD: dict[str, list[tuple[str, int, str, list[str]]]] = {
    'vdev-000': [
        ('Denise Scott Brown', 0, 'PER', []),
        ('Robert Venturi', 0, 'PER', []),
        ('Learning from Las Vegas', 0, 'MISC', []),
        ('Venturi', 1, 'PER', []),
        ('Complexity and Contradiction in Architecture', 0, 'MISC', []),
        ('Museum of Modern Art', 0, 'ORG', ['wiki:Museum_of_Modern_Art']),
        ('New York', 0, 'LOC', ['geonames:5128581']),
    ],
    'vdev-001': [
        ('North German Confederation Treaty', 0, 'MISC', []),
        ('North German Confederation', 1, 'LOC', []),
        ('Kingdom of Prussia', 0, 'LOC', ['wiki:Prussia']),
        ('North German Constitution', 0, 'MISC', []),
    ],
    'vdev-002': [
        ('National Hockey League', 0, 'ORG', ['wiki:National_Hockey_League']),
        ('NHL', 0, 'ORG', ['wiki:National_Hockey_League']),
        ('World Hockey Association', 0, 'ORG', []),
        ('WHA', 0, 'ORG', []),
        ('Detroit Red Wings', 0, 'ORG', []),
        ('Mr. Hockey', 0, 'PER', ['wiki:Gordie_Howe']),
        ('Howe', 0, 'PER', ['wiki:Gordie_Howe']),
    ],
    'vdev-003': [
        ('Nigeria', 0, 'LOC', ['iso3166:NG']),
        ('Lagos', 0, 'LOC', ['geonames:2332459']),
        ('Kano', 0, 'LOC', ['geonames:2335204']),
        ('Ibadan', 0, 'LOC', ['geonames:2339354']),
        ('Bonny River', 0, 'LOC', []),
        ('Niger Delta', 0, 'LOC', []),
        ('Port Harcourt', 0, 'LOC', ['geonames:2324774']),
        ('Port Harcourt', 1, 'LOC', ['geonames:2324774']),
        ('United Nations', 0, 'ORG', ['wiki:United_Nations']),
    ],
    'vdev-004': [
        ('Limpopo', 0, 'LOC', ['wiki:Limpopo_River']),
        ('African', 0, 'MISC', ['wiki:Africa']),
        ('Indian Ocean', 0, 'LOC', ['wiki:Indian_Ocean']),
        ('Zambezi', 0, 'LOC', ['wiki:Zambezi']),
    ],
    'vdev-005': [
        ('India', 0, 'LOC', ['iso3166:IN']),
        ('Rajasthan', 0, 'LOC', ['iso3166-2:IN-RJ']),
        ('Haryana', 0, 'LOC', ['iso3166-2:IN-HR']),
        ('Himachal Pradesh', 0, 'LOC', ['iso3166-2:IN-HP']),
        ('Delhi', 0, 'LOC', ['geonames:1273294', 'iso3166-2:IN-DL']),
        ('Uttarakhand', 0, 'LOC', ['iso3166-2:IN-UK']),
        ('Nepal', 0, 'LOC', ['iso3166:NP']),
        ('Bihar', 0, 'LOC', ['iso3166-2:IN-BR']),
        ('Madhya Pradesh', 0, 'LOC', ['iso3166-2:IN-MP']),
        ('Chhattisgarh', 0, 'LOC', ['iso3166-2:IN-CG']),
        ('Jharkhand', 0, 'LOC', ['iso3166-2:IN-JH']),
    ],
    'vdev-006': [
        ('Hirundo rustica', 0, 'MISC', []),
        ('United Kingdom', 0, 'LOC', ['iso3166:GB']),
        ('Ireland', 0, 'LOC', ['iso3166:IE']),
        ('Hirundinidae', 0, 'MISC', ['wiki:Swallow']),
        ('Africa', 0, 'LOC', ['wiki:Africa']),
    ],
    'vdev-007': [
        ('Yom Teruah', 0, 'MISC', ['wiki:Rosh_Hashanah']),
        ('High Holy Days', 0, 'MISC', []),
        ('Leviticus', 0, 'MISC', []),
        ('Northern Hemisphere', 0, 'LOC', []),
        ('Rosh Hashanah', 0, 'MISC', ['wiki:Rosh_Hashanah']),
        ('Ten Days of Repentance', 0, 'MISC', []),
        ('Yom Kippur', 0, 'MISC', ['wiki:Yom_Kippur']),
    ],
    'vdev-008': [
        ('T. E. Lawrence', 0, 'PER', ['wiki:T._E._Lawrence']),
        ('Seven Pillars of Wisdom', 0, 'MISC', []),
        ('Lawrence of Arabia', 0, 'MISC', ['wiki:Lawrence_of_Arabia_(film)']),
        ("Peter O'Toole", 0, 'PER', ["wiki:Peter_O'Toole"]),
        ('Lawrence', 2, 'PER', ['wiki:T._E._Lawrence']),
        ('Alec Guinness', 0, 'PER', []),
        ('Faisal', 0, 'PER', []),
        ('Jack Hawkins', 0, 'PER', []),
        ('Anthony Quinn', 0, 'PER', []),
        ('Omar Sharif', 0, 'PER', []),
        ('Anthony Quayle', 0, 'PER', []),
        ('Claude Rains', 0, 'PER', []),
        ('Jose Ferrer', 0, 'PER', []),
        ('Arthur Kennedy', 0, 'PER', []),
        ('Robert Bolt', 0, 'PER', []),
        ('Michael Wilson', 0, 'PER', []),
    ],
    'vdev-009': [
        ('Müntzer', 0, 'PER', ['wiki:Thomas_Müntzer']),
        ('Luther', 0, 'PER', ['wiki:Martin_Luther']),
        ('German', 0, 'MISC', ['iso3166:DE']),
        ("German Peasants' War", 0, 'MISC', []),
    ],
    'vdev-010': [
        ('German Labour Front', 0, 'ORG', []),
        ('World War II', 0, 'MISC', ['wiki:World_War_II']),
        ('British Army', 0, 'ORG', []),
        ('Ivan Hirst', 0, 'PER', []),
    ],
    'vdev-011': [
        ('South Africa', 0, 'LOC', ['iso3166:ZA']),
        ('Indians', 0, 'MISC', ['iso3166:IN']),
        ('Coloureds', 0, 'MISC', []),
        ('Africans', 0, 'MISC', ['wiki:Africa']),
    ],
    'vdev-012': [
        ('Association of German Engineers', 0, 'ORG', []),
        ('VDI', 0, 'ORG', []),
        ('DIN', 0, 'ORG', []),
        ('Otto Engine', 0, 'MISC', []),
    ],
    'vdev-013': [
        ('Hinduism', 0, 'MISC', ['wiki:Hinduism']),
        ('Itihasas', 0, 'MISC', []),
        ('Mahabharata', 0, 'MISC', ['wiki:Mahabharata']),
        ('Rama', 0, 'PER', ['wiki:Rama']),
        ('Hindu', 1, 'MISC', ['wiki:Hinduism']),
        ('Vishnu', 0, 'PER', ['wiki:Vishnu']),
        ('Ayodhya', 0, 'LOC', ['geonames:1278094']),
    ],
    'vdev-014': [
        ('Auckland Region', 0, 'LOC', ['iso3166-2:NZ-AUK']),
        ('Auckland Council', 0, 'ORG', []),
        ('Hauraki Gulf', 0, 'LOC', []),
        ('New Zealand', 0, 'LOC', ['iso3166:NZ']),
        ('Oceania', 0, 'LOC', ['wiki:Oceania']),
    ],
    'vdev-015': [
        ('Yemen', 0, 'LOC', ['iso3166:YE']),
        ('Persian Gulf', 0, 'LOC', ['wiki:Persian_Gulf']),
        ('Oman', 0, 'LOC', ['iso3166:OM']),
        ('Jordan', 0, 'LOC', ['iso3166:JO']),
        ('Iraq', 0, 'LOC', ['iso3166:IQ']),
        ('Asia', 0, 'LOC', ['wiki:Asia']),
        ("Ar-Rub' al-Khali", 0, 'LOC', []),
        ('Sahara Desert', 0, 'LOC', ['wiki:Sahara']),
    ],
    'vdev-016': [
        ('Aragon', 0, 'LOC', ['iso3166-2:ES-AR']),
        ('Ferdinand II', 0, 'PER', ['wiki:Ferdinand_II_of_Aragon']),
        ('Spain', 0, 'LOC', ['iso3166:ES']),
        ('Isabella', 0, 'PER', ['wiki:Isabella_I_of_Castile']),
        ('Ferdinand', 1, 'PER', ['wiki:Ferdinand_II_of_Aragon']),
        ('Catholic Monarchs', 0, 'PER', []),
        ('Reconquista', 0, 'MISC', ['wiki:Reconquista']),
        ('Spanish Empire', 0, 'LOC', ['wiki:Spanish_Empire']),
        ('Spain', 1, 'LOC', ['iso3166:ES']),
        ('European', 0, 'MISC', ['wiki:Europe']),
    ],
    'vdev-017': [
        ('England', 0, 'LOC', ['wiki:England', 'iso3166-2:GB-ENG']),
        ('Wales', 0, 'LOC', ['wiki:Wales', 'iso3166-2:GB-WLS']),
        ('Ireland', 0, 'LOC', ['iso3166:IE']),
        ('France', 0, 'LOC', ['iso3166:FR']),
        ('Angevin Empire', 0, 'LOC', []),
        ('Scotland', 0, 'LOC', ['wiki:Scotland', 'iso3166-2:GB-SCT']),
        ('Duchy of Brittany', 0, 'LOC', ['wiki:Brittany']),
    ],
    'vdev-018': [
        ('Henson', 0, 'PER', ['wiki:Jim_Henson']),
        ('Fraggle Rock', 0, 'MISC', []),
        ('Dark Crystal', 0, 'MISC', []),
        ('Labyrinth', 0, 'MISC', []),
        ('Muppets', 0, 'MISC', []),
        ('Sesame Street', 0, 'MISC', ['wiki:Sesame_Street']),
    ],
    'vdev-019': [
        ('Slim', 0, 'PER', ['wiki:Carlos_Slim']),
        ('Forbes', 0, 'ORG', []),
        ('Mexican', 0, 'MISC', ['iso3166:MX']),
        ('Grupo Carso', 0, 'ORG', []),
    ],
    'vdev-020': [
        ('Central Africa', 0, 'LOC', ['wiki:Central_Africa']),
        ('East Africa', 0, 'LOC', ['wiki:East_Africa']),
        ('Southern Africa', 0, 'LOC', ['wiki:Southern_Africa']),
        ('West Africa', 0, 'LOC', ['wiki:West_Africa']),
        ('African', 0, 'MISC', ['wiki:Africa']),
        ('United Nations', 0, 'ORG', ['wiki:United_Nations']),
        ('UN', 0, 'ORG', ['wiki:United_Nations']),
    ],
    'vdev-021': [
        ('Africa', 0, 'LOC', ['wiki:Africa']),
        ('Algeria', 0, 'LOC', ['iso3166:DZ']),
        ('Benin', 0, 'LOC', ['iso3166:BJ']),
        ('Libya', 0, 'LOC', ['iso3166:LY']),
        ('Democratic Republic of the Congo', 0, 'LOC', ['iso3166:CD']),
        ('Egypt', 0, 'LOC', ['iso3166:EG']),
        ('Tanzania', 0, 'LOC', ['iso3166:TZ']),
    ],
    'vdev-022': [
        ('Bulgaria', 0, 'LOC', ['iso3166:BG']),
        ('Georgia', 0, 'LOC', ['iso3166:GE']),
        ('Romania', 0, 'LOC', ['iso3166:RO']),
        ('Russia', 0, 'LOC', ['iso3166:RU']),
        ('Turkey', 0, 'LOC', ['iso3166:TR']),
        ('Ukraine', 0, 'LOC', ['iso3166:UA']),
        ('Black Sea', 0, 'LOC', ['wiki:Black_Sea']),
        ('Danube', 0, 'LOC', ['wiki:Danube']),
        ('Dnieper', 0, 'LOC', ['wiki:Dnieper']),
        ('Dniester', 0, 'LOC', []),
        ('Europe', 0, 'LOC', ['wiki:Europe']),
    ],
    'vdev-023': [
        ('American', 0, 'MISC', ['iso3166:US']),
        ('Blue-Back Speller', 0, 'MISC', []),
        ('American', 1, 'MISC', ['iso3166:US']),
        ('Merriam-Webster', 0, 'MISC', []),
        ('An American Dictionary of the English Language', 0, 'MISC', []),
    ],
    'vdev-024': [
        ('Sea Peoples', 0, 'MISC', []),
        ('Aegean', 0, 'MISC', ['wiki:Aegean_Sea']),
        ('Mediterranean', 0, 'MISC', ['wiki:Mediterranean_Sea']),
    ],
    'vdev-025': [
        ('Ville-Marie', 0, 'LOC', ['geonames:6077243']),
        ('City of Mary', 0, 'LOC', ['geonames:6077243']),
        ('Mount Royal', 0, 'LOC', []),
        ('Island of Montreal', 0, 'LOC', []),
        ('Île Bizard', 0, 'LOC', []),
    ],
    'vdev-026': [
        ('South China', 0, 'LOC', []),
        ('Indochinese Peninsula', 0, 'LOC', ['wiki:Mainland_Southeast_Asia']),
        ('Taiwan', 0, 'LOC', ['iso3166:TW']),
        ('Philippines', 0, 'LOC', ['iso3166:PH']),
        ('Borneo', 0, 'LOC', ['wiki:Borneo']),
        ('Sumatra', 0, 'LOC', ['wiki:Sumatra']),
        ('Bangka Belitung Islands', 0, 'LOC', ['iso3166-2:ID-BB']),
    ],
    'vdev-027': [
        ('India', 0, 'LOC', ['iso3166:IN']),
        ('Ganga', 0, 'LOC', ['wiki:Ganges']),
        ('Indus', 0, 'LOC', ['wiki:Indus_River']),
        ('Godavari', 0, 'LOC', ['wiki:Godavari_River']),
        ('Krishnaveni', 0, 'LOC', ['wiki:Krishna_River']),
        ('Maharashtra', 0, 'LOC', ['iso3166-2:IN-MH']),
        ('Indian', 0, 'MISC', ['iso3166:IN']),
        ('Maharashtra', 1, 'LOC', ['iso3166-2:IN-MH']),
        ('Karnataka', 0, 'LOC', ['iso3166-2:IN-KA']),
        ('Telangana', 0, 'LOC', ['iso3166-2:IN-TS']),
        ('Andhra Pradesh', 0, 'LOC', ['iso3166-2:IN-AP']),
    ],
    'vdev-028': [
        ('India', 0, 'LOC', ['iso3166:IN']),
        ('Mughal Empire', 0, 'LOC', ['wiki:Mughal_Empire']),
        ('British Raj', 0, 'LOC', ['wiki:British_Raj']),
        ('Hinduism', 0, 'MISC', ['wiki:Hinduism']),
        ('Indians', 0, 'MISC', ['iso3166:IN']),
        ('Hindus', 0, 'MISC', ['wiki:Hinduism']),
        ('Muslims', 0, 'MISC', ['wiki:Islam']),
        ('Christians', 0, 'MISC', ['wiki:Christianity']),
        ('Sikhs', 0, 'MISC', ['wiki:Sikhism']),
        ('Buddhists', 0, 'MISC', ['wiki:Buddhism']),
        ('Jains', 0, 'MISC', ['wiki:Jainism']),
    ],
    'vdev-029': [
        ('England', 0, 'LOC', ['wiki:Kingdom_of_England', 'wiki:England', 'iso3166-2:GB-ENG']),
        ('Ireland', 0, 'LOC', ['iso3166:IE']),
        ('Mary I', 0, 'PER', ['wiki:Mary_I']),
        ('Milan', 0, 'LOC', ['geonames:3173435']),
        ('Seventeen Provinces of the Netherlands', 0, 'LOC', []),
    ],
    'vdev-030': [
        ('Northern Hemisphere', 0, 'LOC', []),
        ('Africa', 0, 'LOC', ['wiki:Africa']),
        ('Arctic', 0, 'LOC', ['wiki:Arctic']),
        ('Asia', 0, 'LOC', ['wiki:Asia']),
        ('Central America', 0, 'LOC', ['wiki:Central_America']),
        ('Tibet', 0, 'LOC', ['wiki:Tibet']),
        ('Himalayas', 0, 'LOC', ['wiki:Himalayas']),
    ],
    'vdev-031': [
        ('Jewish Agency', 0, 'ORG', []),
        ('Jewish Agency Executive', 0, 'ORG', []),
        ('Jewish', 2, 'MISC', ['wiki:Jews']),
        ('Palestine', 0, 'LOC', []),
        ('Jewish', 3, 'MISC', ['wiki:Jews']),
        ('Mandatory Palestine', 0, 'LOC', []),
    ],
    'vdev-032': [
        ('ENSO', 0, 'MISC', ['wiki:El_Niño–Southern_Oscillation']),
        ('El Niño', 0, 'MISC', []),
        ('La Niña', 0, 'MISC', []),
    ],
    'vdev-033': [
        ('American', 0, 'MISC', ['iso3166:US']),
        ('This Land Is Your Land', 0, 'MISC', []),
        ('Tear the Fascists Down', 0, 'MISC', []),
    ],
    'vdev-034': [
        ('Battle of Nanjing', 0, 'MISC', []),
        ('National Revolutionary Army', 0, 'ORG', []),
        ('Second Sino-Japanese War', 0, 'MISC', ['wiki:Second_Sino-Japanese_War']),
    ],
    'vdev-035': [
        ('Romanticism', 0, 'MISC', ['wiki:Romanticism']),
        ('Gothic fiction', 0, 'MISC', []),
        ('United States', 0, 'LOC', ['iso3166:US']),
        ('American', 0, 'MISC', ['iso3166:US']),
    ],
    'vdev-036': [
        ('African', 0, 'MISC', ['wiki:Africa']),
        ('African', 1, 'MISC', ['wiki:Africa']),
        ('Asian', 0, 'MISC', ['wiki:Asia']),
        ('Elephantidae', 0, 'MISC', []),
        ('Proboscidea', 0, 'MISC', ['wiki:Proboscidea']),
    ],
    'vdev-037': [
        ('Aeschylus', 0, 'PER', ['wiki:Aeschylus']),
        ('Sophocles', 0, 'PER', ['wiki:Sophocles']),
        ('Greek', 0, 'MISC', ['wiki:Ancient_Greece', 'iso3166:GR']),
        ('Suda', 0, 'MISC', []),
        ('Euripides', 0, 'PER', ['wiki:Euripides']),
        ('Rhesus', 0, 'MISC', []),
    ],
    'vdev-038': [
        ('Atlantic Ocean', 0, 'LOC', ['wiki:Atlantic_Ocean']),
        ('Guinea-Bissau', 0, 'LOC', ['iso3166:GW']),
        ('Senegal', 0, 'LOC', ['iso3166:SN']),
        ('Mali', 0, 'LOC', ['iso3166:ML']),
        ('Ivory Coast', 0, 'LOC', ['iso3166:CI']),
        ('Sierra Leone', 0, 'LOC', ['iso3166:SL']),
        ('Liberia', 0, 'LOC', ['iso3166:LR']),
        ('Guinea-Conakry', 0, 'LOC', ['iso3166:GN']),
        ('Conakry', 1, 'LOC', ['geonames:2422465', 'iso3166-2:GN-C']),
        ('Guinea-Bissau', 1, 'LOC', ['iso3166:GW']),
        ('Equatorial Guinea', 0, 'LOC', ['iso3166:GQ']),
    ],
    'vdev-039': [
        ('IUCN Red List', 0, 'MISC', []),
        ('Catholic', 0, 'MISC', ['wiki:Catholic_Church']),
        ('United Kingdom', 0, 'LOC', ['iso3166:GB']),
        ('House of Lords', 0, 'ORG', []),
    ],
    'vdev-040': [
        ('Canadian', 0, 'MISC', ['iso3166:CA']),
        ('Ontario', 0, 'LOC', ['iso3166-2:CA-ON']),
        ('U.S.', 0, 'LOC', ['iso3166:US']),
        ('New York', 0, 'LOC', ['iso3166-2:US-NY']),
        ('Canada', 0, 'LOC', ['iso3166:CA']),
        ('United States', 0, 'LOC', ['iso3166:US']),
        ('Canadian', 1, 'MISC', ['iso3166:CA']),
        ('Kingston', 0, 'LOC', ['geonames:5992500']),
        ('Mississauga', 0, 'LOC', ['geonames:6075357']),
        ('Toronto', 0, 'LOC', ['geonames:6167865']),
        ('Hamilton', 0, 'LOC', ['geonames:5969782']),
        ('St. Catharines', 0, 'LOC', ['geonames:6155721']),
        ('American', 0, 'MISC', ['iso3166:US']),
        ('Rochester', 0, 'LOC', ['geonames:5134086']),
        ('Watertown', 0, 'LOC', ['geonames:5143396']),
    ],
    'vdev-041': [
        ('United States', 0, 'LOC', ['iso3166:US']),
        ('India', 0, 'LOC', ['iso3166:IN']),
        ('United Kingdom', 0, 'LOC', ['iso3166:GB']),
        ('India', 1, 'LOC', ['iso3166:IN']),
        ('Brazil', 0, 'LOC', ['iso3166:BR']),
        ('Gir', 0, 'MISC', []),
        ('Guzerá', 0, 'MISC', []),
        ('Nelore', 0, 'MISC', []),
        ('Indu-Brasil', 0, 'MISC', []),
        ('Krishna Valley', 0, 'MISC', []),
        ('Ongole', 0, 'MISC', []),
        ('Brahman', 0, 'MISC', ['wiki:American_Brahman']),
    ],
    'vdev-042': [
        ('Ceylon', 0, 'LOC', ['iso3166:LK']),
        ('Sri Lankan', 0, 'MISC', ['iso3166:LK']),
        ('Ceylon', 1, 'LOC', ['iso3166:LK']),
    ],
    'vdev-043': [
        ('Cyprus', 0, 'LOC', ['iso3166:CY']),
        ('Mediterranean', 0, 'LOC', ['wiki:Mediterranean_Sea']),
        ('United Nations Buffer Zone', 0, 'LOC', []),
        ('Republic of Cyprus', 0, 'LOC', ['iso3166:CY']),
        ('Turkish Republic of Northern Cyprus', 0, 'LOC', ['wiki:Northern_Cyprus']),
        ('Turkey', 0, 'LOC', ['iso3166:TR']),
        ('British', 0, 'MISC', ['iso3166:GB']),
        ('Akrotiri and Dhekelia', 0, 'LOC', []),
    ],
    'vdev-044': [
        ('Chinese', 0, 'MISC', ['iso3166:CN']),
        ('Mao Zedong', 0, 'PER', ['wiki:Mao_Zedong']),
        ('Deng Xiaoping', 0, 'PER', ['wiki:Deng_Xiaoping']),
        ('Xi Jinping', 0, 'PER', ['wiki:Xi_Jinping']),
    ],
    'vdev-045': [
        ('Prussian Army', 0, 'ORG', []),
        ('Middle-East', 0, 'LOC', ['wiki:Middle_East']),
        ('Europe', 0, 'LOC', ['wiki:Europe']),
        ('Second Schleswig War', 0, 'MISC', []),
        ('Austro-Prussian War', 0, 'MISC', []),
        ('Franco-Prussian War', 0, 'MISC', ['wiki:Franco-Prussian_War']),
    ],
    'vdev-046': [
        ('Tengri', 0, 'PER', ['wiki:Tengri']),
        ('European', 0, 'MISC', ['wiki:Europe']),
        ('Muslim', 0, 'MISC', ['wiki:Islam']),
        ('Tengri', 1, 'PER', ['wiki:Tengri']),
        ('Turkic', 0, 'MISC', ['wiki:Turkic_peoples']),
        ('Mongolic', 0, 'MISC', []),
        ('Mongolian', 0, 'MISC', ['iso3166:MN']),
        ('Tengri', 2, 'PER', ['wiki:Tengri']),
    ],
    'vdev-047': [
        ('Tigris', 0, 'LOC', ['wiki:Tigris']),
        ('Mesopotamia', 0, 'LOC', ['wiki:Mesopotamia']),
        ('Turkey', 0, 'LOC', ['iso3166:TR']),
        ('Euphrates', 0, 'LOC', ['wiki:Euphrates']),
        ('Syria', 0, 'LOC', ['iso3166:SY']),
        ('Iraq', 0, 'LOC', ['iso3166:IQ']),
        ('Tigris', 1, 'LOC', ['wiki:Tigris']),
        ('Shatt al-Arab', 0, 'LOC', []),
        ('Iraq', 1, 'LOC', ['iso3166:IQ']),
        ('Persian Gulf', 0, 'LOC', ['wiki:Persian_Gulf']),
    ],
    'vdev-048': [
        ('Russia', 0, 'LOC', ['iso3166:RU']),
        ('Ukraine', 0, 'LOC', ['iso3166:UA']),
        ('Central Asia', 0, 'LOC', ['wiki:Central_Asia']),
        ('Caspian Sea', 0, 'LOC', ['wiki:Caspian_Sea']),
        ('Volga–Don Canal', 0, 'LOC', []),
    ],
    'vdev-049': [
        ('Afrobeat', 0, 'MISC', []),
        ('Nigerian', 0, 'MISC', ['iso3166:NG']),
        ('West African', 0, 'MISC', ['wiki:West_Africa']),
        ('American', 0, 'MISC', ['iso3166:US']),
        ('Africa', 1, 'LOC', ['wiki:Africa']),
        ('AllMusic', 0, 'ORG', []),
    ],
    'vdev-050': [
        ('Volga Bulgaria', 0, 'LOC', ['wiki:Volga_Bulgaria']),
        ('Bulgars', 0, 'MISC', []),
        ('Finno-Ugrians', 0, 'MISC', []),
        ('Varangians', 0, 'MISC', []),
        ('East Slavs', 0, 'MISC', []),
        ('Norse', 0, 'MISC', []),
        ('Cumans', 0, 'MISC', ['wiki:Cumans']),
        ('Pannonian Avars', 0, 'MISC', ['wiki:Pannonian_Avars']),
    ],
    'vdev-051': [
        ('Nile River Delta', 0, 'LOC', []),
        ('Egypt', 0, 'LOC', ['iso3166:EG']),
        ('Cairo', 0, 'LOC', ['geonames:360630']),
        ('Mediterranean', 0, 'LOC', ['wiki:Mediterranean_Sea']),
        ('Alexander the Great', 0, 'PER', ['wiki:Alexander_the_Great']),
        ('Alexandria', 0, 'LOC', ['geonames:361058']),
    ],
    'vdev-052': [
        ('Nubian', 0, 'MISC', ['wiki:Nubia']),
        ('Makuria', 0, 'LOC', []),
        ('Alodia', 0, 'LOC', []),
        ('Amara Dunqas', 0, 'PER', []),
        ('Islam', 0, 'MISC', ['wiki:Islam']),
        ('Sennar', 0, 'LOC', ['geonames:367644']),
        ('Blue Nile', 0, 'LOC', ['wiki:Blue_Nile']),
        ('Funj', 0, 'MISC', []),
        ('Nubians', 0, 'MISC', ['wiki:Nubia']),
        ('Beja', 0, 'MISC', []),
        ('Bedouin', 0, 'MISC', []),
        ('Hamaj', 0, 'MISC', []),
    ],
    'vdev-053': [
        ('Indonesia', 0, 'LOC', ['iso3166:ID']),
        ('Netherlands', 0, 'LOC', ['iso3166:NL']),
        ('Dutch East Indies', 0, 'LOC', ['wiki:Dutch_East_Indies']),
        ('Republic of the United States of Indonesia', 0, 'LOC', []),
    ],
    'vdev-054': [
        ('Copland', 0, 'PER', ['wiki:Aaron_Copland']),
        ('American', 0, 'MISC', ['iso3166:US']),
        ('American', 1, 'MISC', ['iso3166:US']),
        ('American', 2, 'MISC', ['iso3166:US']),
    ],
    'vdev-055': [
        ('Gondwana', 0, 'LOC', []),
        ('Euramerica', 0, 'LOC', []),
        ('Siberia', 0, 'LOC', []),
        ('Carboniferous period', 0, 'MISC', []),
        ('Triassic', 0, 'MISC', ['wiki:Triassic']),
        ('Jurassic', 0, 'MISC', ['wiki:Jurassic']),
    ],
    'vdev-056': [
        ('British', 0, 'MISC', ['iso3166:GB']),
        ('British', 1, 'MISC', ['iso3166:GB']),
        ('India', 0, 'LOC', ['iso3166:IN']),
        ('Hindus', 0, 'MISC', ['wiki:Hinduism']),
        ('Pakistan', 0, 'LOC', ['iso3166:PK']),
        ('Muslims', 0, 'MISC', ['wiki:Islam']),
    ],
    'vdev-057': [
        ('Paraguay', 0, 'LOC', ['iso3166:PY']),
        ('Triple Alliance', 0, 'ORG', []),
        ('Argentina', 0, 'LOC', ['iso3166:AR']),
        ('Empire of Brazil', 0, 'LOC', ['wiki:Empire_of_Brazil']),
        ('Uruguay', 0, 'LOC', ['iso3166:UY']),
        ('Latin American', 0, 'MISC', ['wiki:Latin_America']),
        ('Paraguay', 1, 'LOC', ['iso3166:PY']),
        ('Paraguay', 2, 'LOC', ['iso3166:PY']),
        ('Argentina', 1, 'LOC', ['iso3166:AR']),
        ('Brazil', 1, 'LOC', ['iso3166:BR', 'wiki:Empire_of_Brazil']),
    ],
    'vdev-058': [
        ('Ferdinand III', 0, 'PER', []),
        ('Maria Anna of Spain', 0, 'PER', []),
        ('Leopold', 0, 'PER', ['wiki:Leopold_I,_Holy_Roman_Emperor']),
        ('Ferdinand IV', 0, 'PER', []),
        ('Leopold', 1, 'PER', ['wiki:Leopold_I,_Holy_Roman_Emperor']),
        ('Holy Roman Empire', 0, 'LOC', ['wiki:Holy_Roman_Empire']),
        ('House of Habsburg', 0, 'ORG', ['wiki:House_of_Habsburg']),
    ],
    'vdev-059': [
        ('Triassic Period', 0, 'MISC', ['wiki:Triassic']),
        ('Mesozoic Era', 0, 'MISC', ['wiki:Mesozoic']),
        ('Phanerozoic Eon', 0, 'MISC', ['wiki:Phanerozoic']),
        ('Triassic Period', 1, 'MISC', ['wiki:Triassic']),
    ],
    'vdev-060': [
        ('Nationalist', 0, 'ORG', []),
        ('Second Spanish Republic', 0, 'LOC', []),
        ('Spanish Civil War', 0, 'MISC', ['wiki:Spanish_Civil_War']),
        ('Spanish', 2, 'MISC', ['iso3166:ES']),
        ('Nationalist', 1, 'ORG', []),
        ('Franco', 0, 'PER', ['wiki:Francisco_Franco']),
        ('Francoist Spain', 0, 'LOC', []),
    ],
    'vdev-061': [
        ('Washington, D.C.', 0, 'LOC', ['wiki:Washington,_D.C.', 'geonames:4140963', 'iso3166-2:US-DC']),
        ('United States', 0, 'LOC', ['iso3166:US']),
        ('IBRD', 0, 'ORG', []),
        ('IDA', 0, 'ORG', []),
        ('World Bank', 0, 'ORG', []),
    ],
    'vdev-062': [
        ("Euler's number", 0, 'MISC', ['wiki:E_(mathematical_constant)']),
        ('Swiss', 0, 'MISC', ['iso3166:CH']),
        ('Leonhard Euler', 0, 'PER', ['wiki:Leonhard_Euler']),
        ('Euler numbers', 0, 'MISC', []),
        ("Euler's constant", 0, 'MISC', []),
        ('e', 20, 'MISC', ['wiki:E_(mathematical_constant)']),
        ("Napier's constant", 0, 'MISC', ['wiki:E_(mathematical_constant)']),
        ('John Napier', 0, 'PER', []),
        ('Swiss', 1, 'MISC', ['iso3166:CH']),
        ('Jacob Bernoulli', 0, 'PER', ['wiki:Jacob_Bernoulli']),
    ],
    'vdev-063': [
        ('Cannes', 0, 'LOC', ['geonames:3028808']),
        ('France', 0, 'LOC', ['iso3166:FR']),
        ('Palais des Festivals et des Congrès', 0, 'LOC', []),
        ('FIAPF', 0, 'ORG', []),
    ],
    'vdev-064': [
        ('Museum of Modern Art', 0, 'ORG', ['wiki:Museum_of_Modern_Art']),
        ('New York', 0, 'LOC', ['geonames:5128581']),
        ("Carrer d'Avinyó", 0, 'LOC', []),
        ('Barcelona', 0, 'LOC', ['geonames:3128760']),
        ('Spain', 0, 'LOC', ['iso3166:ES']),
        ('Egyptian', 0, 'MISC', ['iso3166:EG', 'wiki:Ancient_Egypt']),
        ('Asian', 0, 'MISC', ['wiki:Asia', 'wiki:South_Asia']),
    ],
    'vdev-065': [
        ('Lawrence', 0, 'LOC', ['wiki:Gulf_of_St._Lawrence']),
        ('Great Lakes', 0, 'LOC', ['wiki:Great_Lakes']),
        ('Atlantic Ocean', 0, 'LOC', ['wiki:Atlantic_Ocean']),
        ('St. Lawrence River', 0, 'LOC', ['wiki:St._Lawrence_River']),
        ('Quebec', 0, 'LOC', ['iso3166-2:CA-QC']),
        ('New Brunswick', 0, 'LOC', ['iso3166-2:CA-NB']),
        ('Nova Scotia', 0, 'LOC', ['iso3166-2:CA-NS']),
        ('Prince Edward Island', 0, 'LOC', ['iso3166-2:CA-PE']),
        ('Newfoundland and Labrador', 0, 'LOC', ['iso3166-2:CA-NL']),
        ('Canada', 0, 'LOC', ['iso3166:CA']),
        ('Saint-Pierre and Miquelon', 0, 'LOC', ['iso3166:PM']),
        ('France', 0, 'LOC', ['iso3166:FR']),
        ('North America', 0, 'LOC', ['wiki:North_America']),
    ],
    'vdev-066': [
        ('Lithuania', 0, 'LOC', ['wiki:Grand_Duchy_of_Lithuania', 'iso3166:LT']),
        ('Lithuania', 1, 'LOC', ['wiki:Grand_Duchy_of_Lithuania', 'iso3166:LT']),
        ('Vytautas', 0, 'PER', ['wiki:Vytautas_the_Great']),
        ('Władysław II', 0, 'PER', ['wiki:Władysław_II_Jagiełło']),
        ('Poland', 0, 'LOC', ['iso3166:PL']),
        ('Jadwiga', 0, 'PER', []),
    ],
    'vdev-067': [
        ('France', 0, 'LOC', ['iso3166:FR']),
        ('Alfred Dreyfus', 0, 'PER', []),
        ("J'Accuse...!", 0, 'MISC', []),
        ('Zola', 0, 'PER', ['wiki:Émile_Zola']),
        ('Nobel Prizes in Literature', 0, 'MISC', []),
    ],
    'vdev-068': [
        ('Jewish War', 0, 'MISC', []),
        ('Jerusalem', 0, 'LOC', ['geonames:281184']),
        ('Roman', 0, 'MISC', ['wiki:Roman_Empire', 'wiki:Ancient_Rome']),
        ('Judea', 0, 'LOC', []),
        ('Hasmonean', 0, 'MISC', []),
    ],
    'vdev-069': [
        ('Kagoshima Prefecture', 0, 'LOC', ['iso3166-2:JP-46']),
        ('Okinawa Prefecture', 0, 'LOC', ['iso3166-2:JP-47']),
        ('Okinawa Island', 0, 'LOC', []),
    ],
    'vdev-070': [
        ('Bangkok', 0, 'LOC', ['geonames:1609350', 'iso3166-2:TH-10']),
        ('Krung Thep Maha Nakhon Amonrattanakosin Mahintharayutthaya Mahadilokphop Noppharatratchathaniburirom Udomratchaniwetmahasathan Amonphimanawatansathit Sakkathattiyawitsanukamprasit', 0, 'LOC', ['geonames:1609350', 'iso3166-2:TH-10']),
    ],
    'vdev-071': [
        ('Poland', 0, 'LOC', ['iso3166:PL']),
        ('Ukraine', 0, 'LOC', ['iso3166:UA']),
        ('Hungary', 0, 'LOC', ['iso3166:HU']),
        ('Austria', 0, 'LOC', ['iso3166:AT']),
        ('Czech Republic', 0, 'LOC', ['iso3166:CZ']),
        ('Slovakia', 0, 'LOC', ['iso3166:SK']),
        ('Bratislava', 0, 'LOC', ['geonames:3060972']),
        ('Košice', 0, 'LOC', ['geonames:724443']),
    ],
    "vdev-072": [
        ('Italian', 0, 'MISC', ['iso3166:IT']),
        ('French', 0, 'MISC', ['iso3166:FR']),
        ('Joseph-Louis Lagrange', 0, 'PER', ['wiki:Joseph-Louis_Lagrange']),
        ('Turin Academy of Science', 0, 'ORG', []),
        ('Mécanique analytique', 0, 'MISC', []),
        ('Lagrange', 1, 'PER', ['wiki:Joseph-Louis_Lagrange']),
    ],
    "vdev-073": [
        ('Universal Declaration of Human Rights', 0, 'MISC', ['wiki:Universal_Declaration_of_Human_Rights']),
        ('UDHR', 0, 'MISC', ['wiki:Universal_Declaration_of_Human_Rights']),
    ],
    "vdev-074": [
        ('Adam Bede', 0, 'MISC', []),
        ('Mill on the Floss', 0, 'MISC', []),
        ('Silas Marner', 0, 'MISC', []),
        ('Romola', 0, 'MISC', []),
        ('Felix Holt, the Radical', 0, 'MISC', []),
        ('Middlemarch', 0, 'MISC', ['wiki:Middlemarch']),
        ('Daniel Deronda', 0, 'MISC', []),
    ],
    "vdev-075": [
        ('Molossians', 0, 'MISC', []),
        ('Aeacid', 0, 'MISC', []),
        ('Epirus', 0, 'LOC', ['iso3166-2:GR-D']),
        ('Rome', 0, 'LOC', ['geonames:3169070', 'wiki:Ancient_Rome', 'wiki:Roman_Republic']),
        ('Pyrrhic victory', 0, 'MISC', []),
    ],
    "vdev-076": [
        ('Ministry of Education of China', 0, 'ORG', []),
        ('Double First-Class Construction', 0, 'MISC', []),
        ('Project 211', 0, 'MISC', []),
        ('Project 985', 0, 'MISC', []),
        ('C9 League', 0, 'ORG', []),
    ],
    "vdev-077": [
        ('France', 0, 'LOC', ['iso3166:FR']),
        ('Romans', 0, 'MISC', ['wiki:Ancient_Rome', 'wiki:Roman_Republic', 'wiki:Roman_Empire']),
        ('Gaul', 0, 'LOC', []),
        ('Greek', 0, 'MISC', ['wiki:Ancient_Greece', 'iso3166:GR']),
        ('Gauls', 0, 'MISC', []),
        ('Aquitani', 0, 'MISC', []),
        ('Belgae', 0, 'MISC', []),
        ('Greeks', 0, 'MISC', ['wiki:Ancient_Greece', 'iso3166:GR']),
        ('Romans', 1, 'MISC', ['wiki:Ancient_Rome', 'wiki:Roman_Republic']),
        ('Carthaginians', 0, 'MISC', ['wiki:Ancient_Carthage', 'geonames:2468245']),
        ('Mediterranean', 0, 'LOC', ['wiki:Mediterranean_Sea']),
    ],
    "vdev-078": [
        ('Hebrew Bible', 0, 'MISC', ['wiki:Hebrew_Bible']),
        ('Jewish', 0, 'MISC', ['wiki:Jews']),
        ('Second Temple period', 0, 'MISC', []),
        ('Greek', 0, 'MISC', ['wiki:Greek_language']),
        ('Septuagint', 0, 'MISC', ['wiki:Septuagint']),
        ('Ésdrās', 0, 'PER', ['wiki:Ezra']),
        ('Latin', 0, 'MISC', ['wiki:Latin']),
        ('Esdras', 0, 'PER', ['wiki:Ezra']),
        ('Ezra', 0, 'PER', ['wiki:Ezra']),
        ('Aramaic', 0, 'MISC', ['wiki:Aramaic']),
        ('Hebrew', 1, 'MISC', ['wiki:Hebrew_language']),
        ('Yah', 0, 'PER', ['wiki:Yahweh']),
    ],
    "vdev-079": [
        ('Hispaniola', 0, 'LOC', ['wiki:Hispaniola']),
        ('Dominican', 0, 'MISC', []),
        ('Chiapas', 0, 'LOC', ['iso3166-2:MX-CHP']),
        ('Indians', 0, 'MISC', ['wiki:Indigenous_peoples_of_the_Americas']),
        ('A Short Account of the Destruction of the Indies', 0, 'MISC', []),
        ('Historia de Las Indias', 0, 'MISC', []),
        ('Caribbean', 0, 'LOC', ['wiki:Caribbean']),
    ],
    "vdev-080": [
        ('Johnson', 0, 'PER', ['wiki:Lyndon_B._Johnson']),
        ('John F. Kennedy', 0, 'PER', ['wiki:John_F._Kennedy']),
        ('Kennedy', 1, 'PER', ['wiki:John_F._Kennedy']),
        ('U.S. Congress', 0, 'ORG', []),
        ('Texas', 0, 'LOC', ['iso3166-2:US-TX']),
        ('Democratic Party', 0, 'ORG', []),
    ],
    "vdev-081": [
        ('Khorramdin', 0, 'MISC', []),
        ('Behdin', 0, 'MISC', ['wiki:Zoroastrianism']),
        ('Good Religion', 0, 'MISC', ['wiki:Zoroastrianism']),
        ('Zoroastrianism', 0, 'MISC', ['wiki:Zoroastrianism']),
        ('neo-Mazdakism', 0, 'MISC', []),
        ('Babak', 0, 'PER', ['wiki:Babak_Khorramdin']),
        ('Iranianizing', 0, 'MISC', ['iso3166:IR']),
        ('Azerbaijan', 0, 'LOC', []),
        ('Iran', 1, 'LOC', ['iso3166:IR']),
        ('Iranian', 1, 'MISC', ['iso3166:IR']),
    ],
    "vdev-082": [
        ('Iraq', 0, 'LOC', ['iso3166:IQ']),
        ('Baghdad', 0, 'LOC', ['geonames:98182']),
        ('Tigris', 0, 'LOC', ['wiki:Tigris']),
        ('Assyrian', 0, 'MISC', ['wiki:Assyria']),
        ('Nineveh', 0, 'LOC', ['wiki:Nineveh']),
    ],
    "vdev-083": [
        ('Rollo', 0, 'PER', []),
        ('Normandy', 0, 'LOC', ['iso3166-2:FR-NOR']),
        ('Normandy', 1, 'LOC', ['iso3166-2:FR-NOR']),
        ('Edward the Confessor', 0, 'PER', []),
        ('William', 0, 'PER', ['wiki:William_the_Conqueror']),
        ('England', 0, 'LOC', ['wiki:Kingdom_of_England', 'wiki:England', 'iso3166-2:GB-ENG']),
        ('Franco', 0, 'MISC', ['wiki:Kingdom_of_France', 'iso3166:FR']),
        ('Norman', 2, 'MISC', ['wiki:Normans', 'iso3166-2:FR-NOR']),
        ('Anglo-Saxon', 0, 'MISC', ['wiki:Anglo-Saxons']),
        ('Harold Godwinson', 0, 'PER', []),
        ('Battle of Hastings', 0, 'MISC', []),
        ('English', 0, 'MISC', ['wiki:Kingdom_of_England', 'wiki:England', 'iso3166-2:GB-ENG']),
        ('Norman Conquest', 0, 'MISC', ['wiki:Norman_Conquest']),
    ],
    "vdev-084": [
        ('Guam', 0, 'LOC', ['iso3166:GU', 'iso3166-2:US-GU']),
        ('Hagåtña', 0, 'LOC', ['geonames:4044012']),
        ('Dededo', 0, 'LOC', ['geonames:4043909']),
        ('United States', 0, 'LOC', ['iso3166:US']),
        ('U.S.', 0, 'LOC', ['iso3166:US']),
        ('Oceania', 0, 'LOC', ['wiki:Oceania']),
        ('Guam', 1, 'LOC', ['iso3166:GU', 'iso3166-2:US-GU']),
        ('Mariana Islands', 0, 'LOC', []),
        ('Micronesia', 0, 'LOC', ['wiki:Micronesia']),
        ('Chamorros', 0, 'MISC', []),
    ],
    "vdev-085": [
        ('Latvia', 0, 'LOC', ['iso3166:LV']),
        ('Riga', 0, 'LOC', ['geonames:456172', 'iso3166-2:LV-RIX']),
        ('Gulf of Riga', 0, 'LOC', []),
        ('Daugava', 0, 'LOC', []),
        ('Baltic Sea', 0, 'LOC', ['wiki:Baltic_Sea']),
        ('Riga', 2, 'LOC', ['geonames:456172', 'iso3166-2:LV-RIX']),
    ],
    "vdev-086": [
        ('Nāgarī', 0, 'MISC', ['wiki:Devanagari']),
        ('Brāhmī script', 0, 'MISC', []),
        ('India', 0, 'LOC', ['iso3166:IN']),
        ('Nepal', 0, 'LOC', ['iso3166:NP']),
    ],
    "vdev-087": [
        ('Baffin Bay', 0, 'LOC', ['wiki:Baffin_Bay']),
        ('Davis Strait', 0, 'LOC', []),
        ('Atlantic', 0, 'LOC', ['wiki:Atlantic_Ocean']),
    ],
    "vdev-088": [
        ('Medieval Latin', 0, 'MISC', []),
        ('Latin', 1, 'MISC', ['wiki:Latin']),
        ('Middle Ages', 0, 'MISC', ['wiki:Middle_Ages']),
    ],
    "vdev-089": [
        ('Angkor', 0, 'LOC', []),
        ('Khmer', 0, 'MISC', ['wiki:Khmer_Empire']),
        ('Suryavarman II', 0, 'PER', ['wiki:Suryavarman_II']),
        ('Hindu', 0, 'MISC', ['wiki:Hinduism']),
        ('Vishnu', 0, 'PER', ['wiki:Vishnu']),
        ('Buddhist', 0, 'MISC', ['wiki:Buddhism']),
        ('Buddhist', 1, 'MISC', ['wiki:Buddhism']),
    ],
    "vdev-090": [
        ('K. Rowling', 0, 'PER', []),
        ('Harry Potter', 0, 'PER', []),
        ('Ron Weasley', 0, 'PER', []),
        ('Hermione Granger', 0, 'PER', []),
        ('Hogwarts School of Witchcraft and Wizardry', 0, 'ORG', []),
    ],
    "vdev-091": [
        ('West Indies', 0, 'LOC', []),
        ('Cuba', 0, 'LOC', ['iso3166:CU']),
        ('Spanish', 0, 'MISC', ['wiki:Spanish_language']),
        ('Dominican Republic', 0, 'LOC', ['iso3166:DO']),
        ('French', 0, 'MISC', ['wiki:French_language']),
        ('Haitian Creole', 0, 'MISC', []),
        ('Haiti', 1, 'LOC', ['iso3166:HT']),
    ],
    "vdev-092": [
        ('Englerianae', 0, 'MISC', []),
        ('Denk', 0, 'PER', []),
        ('G.W.Grimm', 0, 'PER', []),
        ('Fagus', 0, 'MISC', []),
        ('Englerianae', 1, 'MISC', []),
        ('East Asia', 0, 'LOC', ['wiki:East_Asia']),
        ('Fagus', 1, 'MISC', []),
        ('Europe', 0, 'LOC', ['wiki:Europe']),
        ('Asia', 1, 'LOC', ['wiki:Asia']),
        ('North America', 0, 'LOC', ['wiki:North_America']),
    ],
    "vdev-093": [
        ('Lviv Oblast', 0, 'LOC', ['iso3166-2:UA-46']),
        ('Lviv Raion', 0, 'LOC', []),
        ('Ukraine', 0, 'LOC', ['iso3166:UA']),
        ('Lviv urban hromada', 0, 'LOC', []),
        ('Lviv', 3, 'LOC', ['geonames:702550']),
        ('Leo I of Galicia', 0, 'PER', []),
        ('Daniel', 0, 'PER', ['wiki:Daniel_of_Galicia']),
        ('Ruthenia', 0, 'LOC', ['wiki:Kingdom_of_Galicia–Volhynia']),
    ],
    "vdev-094": [
        ('Moche culture', 0, 'MISC', ['wiki:Moche_culture']),
        ('Inca', 0, 'MISC', ['wiki:Inca_Empire']),
        ('Topa Inca Yupanqui', 0, 'PER', []),
        ('Spanish', 0, 'MISC', ['iso3166:ES', 'wiki:Spanish_Empire']),
        ('Chimor', 0, 'LOC', ['wiki:Chimor']),
        ('Late Intermediate Period', 0, 'MISC', []),
        ('Peruvian', 0, 'MISC', ['iso3166:PE']),
    ],
    "vdev-095": [
        ('Indian', 0, 'MISC', ['iso3166:IN']),
        ('Indian', 1, 'MISC', ['iso3166:IN']),
        ('Charlie Chaplin', 0, 'PER', ['wiki:Charlie_Chaplin']),
        ('Indian', 2, 'MISC', ['iso3166:IN']),
    ],
    "vdev-096": [
        ('Weekly Shōnen Jump', 0, 'ORG', ['wiki:Weekly_Shōnen_Jump']),
        ('Jump Comics', 0, 'ORG', []),
    ],
    "vdev-097": [
        ('History of the Peloponnesian War', 0, 'MISC', ['wiki:History_of_the_Peloponnesian_War']),
        ('Sparta', 0, 'LOC', ['geonames:253394']),
        ('Athens', 0, 'LOC', ['wiki:Classical_Athens', 'geonames:264371']),
        ('Thucydides', 0, 'PER', ['wiki:Thucydides']),
    ],
    "vdev-098": [
        ('Lacedaemon', 0, 'LOC', ['geonames:253394']),
        ('Sparta', 0, 'LOC', ['geonames:253394']),
        ('Evrotas River', 0, 'LOC', []),
        ('Laconia', 0, 'LOC', []),
        ('Peloponnese', 0, 'LOC', ['iso3166-2:GR-J']),
        ('Greek', 0, 'MISC', ['wiki:Ancient_Greece', 'iso3166:GR']),
        ('Leuctra', 0, 'LOC', []),
    ],
    "vdev-099": [
        ('Marcello Mastroianni', 0, 'PER', ['wiki:Marcello_Mastroianni']),
        ('Marcello Rubini', 0, 'PER', []),
        ('Rome', 0, 'LOC', ['geonames:3169070']),
    ],
    "vdev-100": [
        ('Philippine', 0, 'MISC', ['iso3166:PH']),
        ('First Philippine Republic', 0, 'LOC', []),
        ('United States', 0, 'LOC', ['iso3166:US']),
        ('Battle of Manila', 0, 'MISC', []),
    ],
    "vdev-101": [
        ('Eastern Indonesia', 0, 'LOC', []),
        ('Jakarta', 0, 'LOC', ['geonames:1642911', 'iso3166-2:ID-JK']),
        ('Surabaya', 0, 'LOC', ['geonames:1625822']),
        ('Medan', 0, 'LOC', ['geonames:1214520']),
        ('Bandung', 0, 'LOC', ['geonames:1650357']),
        ('Sulawesi', 0, 'LOC', ['iso3166-2:ID-SL']),
        ('Makassar Strait', 0, 'LOC', []),
    ],
    "vdev-102": [
        ('Far West Texas', 0, 'LOC', []),
        ('Rio Grande Valley', 0, 'LOC', []),
        ('Pecos Valley', 0, 'LOC', []),
        ('New Mexico', 0, 'LOC', ['iso3166-2:US-NM']),
        ('Arizona', 0, 'LOC', ['iso3166-2:US-AZ']),
        ('Mexican Plateau', 0, 'LOC', []),
        ('Sonoran Desert', 0, 'LOC', []),
        ('Colorado Plateau', 0, 'LOC', []),
        ('Sierra Madre Occidental', 0, 'LOC', []),
        ('Sierra Madre Oriental', 0, 'LOC', []),
    ],
    "vdev-103": [
        ('China', 0, 'LOC', ['iso3166:CN']),
        ('Mongolia', 0, 'LOC', ['iso3166:MN']),
        ('Russia', 0, 'LOC', ['iso3166:RU']),
        ('Hohhot', 0, 'LOC', ['geonames:2036892']),
        ('Baotou', 0, 'LOC', ['geonames:2038432']),
        ('Chifeng', 0, 'LOC', ['geonames:2038067']),
        ('Tongliao', 0, 'LOC', ['geonames:2034400']),
        ('Ordos', 0, 'LOC', ['geonames:8347664']),
    ],
    "vdev-104": [
        ('Maritime Southeast Asia', 0, 'LOC', []),
        ('Polynesia', 0, 'LOC', ['wiki:Polynesia']),
        ('Melanesia', 0, 'LOC', ['wiki:Melanesia']),
        ('Austronesian peoples', 0, 'MISC', ['wiki:Austronesian_peoples']),
    ],
    "vdev-105": [
        ('World War II', 0, 'MISC', ['wiki:World_War_II']),
        ('Spain', 0, 'LOC', ['iso3166:ES']),
        ('2026 World Cup', 0, 'MISC', []),
        ('Argentina', 0, 'LOC', ['iso3166:AR']),
    ],
    "vdev-106": [
        ('Christian', 0, 'MISC', ['wiki:Christianity']),
        ('Christian', 1, 'MISC', ['wiki:Christianity']),
        ('Church', 0, 'ORG', []),
        ('Christian', 2, 'MISC', ['wiki:Christianity']),
    ],
    "vdev-107": [
        ('Mormonism', 0, 'MISC', ['wiki:Mormonism']),
        ('Latter Day Saint movement', 0, 'MISC', []),
        ('Church of Jesus Christ of Latter-day Saints', 0, 'ORG', []),
    ],
}
