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
}
