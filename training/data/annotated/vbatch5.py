"""Notes: Batch v5 (18 Vital training paragraphs). Historical polities follow the Vital precedents: Francis II's
"King of Germany, Hungary, Croatia and Bohemia" -> "Germany" Kingdom_of_Germany + DE, "Hungary" Kingdom_of_Hungary
+ HU, "Bohemia" Kingdom_of_Bohemia + CZ (the CZ record carries Bohemia as a historical name), "Croatia" -> HR only
(no Habsburg-kingdom record, same polity carried on); "German Confederation" LOC as the North German Confederation
precedent. Philip II: "French" monarch and "France" in the quoted title "King of France" -> Kingdom_of_France + FR
(the Franco precedent); "Franks" -> wiki:Franks; the nickname 'God-given' is PER -> Philip II (the "Mr. Hockey"
precedent); "Louis VII" and "Adela of Champagne" PER NIL (title "King" dropped). "Roman general" (Germanicus) ->
Roman_Empire + Ancient_Rome as vdev-068; "Gaius" -> wiki:Caligula (the subject); "Germania" NIL (only a namesake
town). "Hellenic" -> Ancient_Greece + GR as "Greek" in vdev-037; "pre-Olympian" split as a hyphen compound: only
"Olympian" (the Olympian gods, no record) MISC NIL; "Bronze Age Greece" split into "Bronze Age" (wiki:Bronze_Age)
and "Greece" (Ancient_Greece + GR), not Mycenaean_Greece (a narrower, different record); "Arcadia" (Greek region)
NIL, no region record (only US namesakes); Pylos and Thebes -> the geonames towns on the ancient sites (the Sparta
precedent); the epithet "earth shaker" is a cult title, not annotated; Demeter, Despoina NIL. Allah: "Arabic
languages"/"Arabic-speaking" -> wiki:Arabic (language); "pre-Islamic Arabia" split: "Islamic" -> Islam, "Arabia"
-> wiki:Arabian_Peninsula (record lists "Arabia"); "Abrahamic religions" MISC NIL; "Semitic" in "Semitic God
names" -> wiki:Semitic_languages (names in Semitic languages, "such as Aramaic and Hebrew", both -> language
records); "God" there and in the Judaism text -> wiki:God, typed PER as deities (Tengri, Yah); the etymon
"al-ilāh" is a word, not a name, left out. "Mosaic covenant" one MISC NIL span (nested "Mosaic" not linked to
Moses). "Mbomou" is the river -> NIL (the KB record is the prefecture named after it, a different entity);
"Uele Rivers" kept as the written span, NIL; "Anchar Lakes" likewise; "Shankaracharya" (before lowercase
"hills") LOC NIL; "CAR"/"DRC" acronyms linked as their countries; the second "Republic of the Congo" is occurrence
1 (occurrence 0 sits inside "Democratic Republic of the Congo"). "Jammu and Kashmir" -> IN-JK; "Indian-
administered" -> "Indian" -> IN; Kashmir Valley, Jhelum River (KB only has the Pakistani city), Dal Lake, Hari
Parbat NIL. Vienna and Paris take city + subdivision records (AT-9, FR-75C) as Bangkok/Riga. "French Revolution
of 1848" NIL (wiki:Revolutions_of_1848 is the broader European series); "French Second Republic" NIL;
"Sogdiana" -> wiki:Sogdia (subject, record gives Sogdiana); "Macedonian" -> Macedonia_(ancient_kingdom);
"Behistun Inscription" NIL. Geological: "Cenozoic Era" kept whole -> Cenozoic (as "Mesozoic Era"), "Paleogene
Period" -> Paleogene, "Neogene Period" -> Neogene, Paleocene/Eocene/Oligocene, "Tertiary Period" and quoted
"Tertiary" NIL. Venues "Theatre of Dionysus", "Théâtre des Champs-Élysées" LOC NIL; plays "Iphigeneia at Aulis",
"Alcmaeon in Corinth" (nested Corinth not annotated) MISC NIL; "City Dionysia" MISC NIL; "Ballets Russes" ORG NIL;
"Latin Songwriters Hall of Fame" ORG NIL. "Earth" -> wiki:Earth, "Caribbean" (noun and "Caribbean country") ->
wiki:Caribbean. Occurrences use str.find semantics (substrings count)."""

GOLD = {
    "vtrain-The_Bacchae": [
        ('Theatre of Dionysus', 0, 'LOC', []),
        ('Iphigeneia at Aulis', 0, 'MISC', []),
        ('Alcmaeon in Corinth', 0, 'MISC', []),
        ('Euripides', 0, 'PER', ['wiki:Euripides']),
        ('City Dionysia', 0, 'MISC', []),
    ],
    "vtrain-Ubangi_River": [
        ('Mbomou', 0, 'LOC', []),
        ('Uele Rivers', 0, 'LOC', []),
        ('Central African Republic', 0, 'LOC', ['iso3166:CF']),
        ('CAR', 0, 'LOC', ['iso3166:CF']),
        ('Democratic Republic of the Congo', 0, 'LOC', ['iso3166:CD']),
        ('DRC', 0, 'LOC', ['iso3166:CD']),
        ('Ubangi', 0, 'LOC', ['wiki:Ubangi_River']),
        ('Bangui', 0, 'LOC', ['geonames:2389853']),
        ('CAR', 1, 'LOC', ['iso3166:CF']),
        ('DRC', 1, 'LOC', ['iso3166:CD']),
        ('Republic of the Congo', 1, 'LOC', ['iso3166:CG']),
    ],
    "vtrain-Louis_Philippe_I": [
        ('French Revolution of 1848', 0, 'MISC', []),
        ('French Second Republic', 0, 'LOC', []),
    ],
    "vtrain-Sogdia": [
        ('Sogdiana', 0, 'LOC', ['wiki:Sogdia']),
        ('Achaemenid Empire', 0, 'LOC', ['wiki:Achaemenid_Empire']),
        ('Behistun Inscription', 0, 'MISC', []),
        ('Darius the Great', 0, 'PER', ['wiki:Darius_the_Great']),
        ('Sogdiana', 1, 'LOC', ['wiki:Sogdia']),
        ('Cyrus the Great', 0, 'PER', ['wiki:Cyrus_the_Great']),
        ('Achaemenid Empire', 1, 'LOC', ['wiki:Achaemenid_Empire']),
        ('Macedonian', 0, 'MISC', ['wiki:Macedonia_(ancient_kingdom)']),
        ('Alexander the Great', 0, 'PER', ['wiki:Alexander_the_Great']),
    ],
    "vtrain-Lake_Nicaragua": [
        ('Central America', 0, 'LOC', ['wiki:Central_America']),
        ('Americas', 0, 'LOC', ['wiki:Americas']),
        ('Lake Titicaca', 0, 'LOC', ['wiki:Lake_Titicaca']),
    ],
    "vtrain-Allah": [
        ('Arabic', 0, 'MISC', ['wiki:Arabic']),
        ('Islam', 0, 'MISC', ['wiki:Islam']),
        ('Islamic', 0, 'MISC', ['wiki:Islam']),
        ('Arabia', 0, 'LOC', ['wiki:Arabian_Peninsula']),
        ('Arabic', 1, 'MISC', ['wiki:Arabic']),
        ('Abrahamic religions', 0, 'MISC', []),
        ('Judaism', 0, 'MISC', ['wiki:Judaism']),
        ('Christianity', 0, 'MISC', ['wiki:Christianity']),
        ('Semitic', 0, 'MISC', ['wiki:Semitic_languages']),
        ('God', 0, 'PER', ['wiki:God']),
        ('Aramaic', 0, 'MISC', ['wiki:Aramaic']),
        ('Hebrew', 0, 'MISC', ['wiki:Hebrew_language']),
    ],
    "vtrain-Julio_Iglesias": [
        ('Iglesias', 0, 'PER', ['wiki:Julio_Iglesias']),
        ('Spanish', 0, 'MISC', ['iso3166:ES']),
        ('Iglesias', 1, 'PER', ['wiki:Julio_Iglesias']),
        ('Latin Songwriters Hall of Fame', 0, 'ORG', []),
    ],
    "vtrain-Poseidon": [
        ('Hellenic', 0, 'MISC', ['wiki:Ancient_Greece', 'iso3166:GR']),
        ('Olympian', 0, 'MISC', []),
        ('Bronze Age', 0, 'MISC', ['wiki:Bronze_Age']),
        ('Greece', 0, 'LOC', ['wiki:Ancient_Greece', 'iso3166:GR']),
        ('Poseidon', 0, 'PER', ['wiki:Poseidon']),
        ('Pylos', 0, 'LOC', ['geonames:255293']),
        ('Thebes', 0, 'LOC', ['geonames:252910']),
        ('Arcadia', 0, 'LOC', []),
        ('Demeter', 0, 'PER', []),
        ('Despoina', 0, 'PER', []),
    ],
    "vtrain-Caligula": [
        ('Roman', 0, 'MISC', ['wiki:Roman_Empire', 'wiki:Ancient_Rome']),
        ('Germanicus', 0, 'PER', []),
        ('Agrippina the Elder', 0, 'PER', []),
        ('Augustus', 0, 'PER', ['wiki:Augustus']),
        ('Roman Empire', 0, 'LOC', ['wiki:Roman_Empire']),
        ('Tiberius', 0, 'PER', ['wiki:Tiberius']),
        ('Gaius', 0, 'PER', ['wiki:Caligula']),
        ('Germania', 0, 'LOC', []),
    ],
    "vtrain-Srinagar": [
        ('Jammu and Kashmir', 0, 'LOC', ['iso3166-2:IN-JK']),
        ('Indian', 0, 'MISC', ['iso3166:IN']),
        ('Kashmir Valley', 0, 'LOC', []),
        ('Jhelum River', 0, 'LOC', []),
        ('Dal Lake', 0, 'LOC', []),
        ('Anchar Lakes', 0, 'LOC', []),
        ('Hari Parbat', 0, 'LOC', []),
        ('Shankaracharya', 0, 'LOC', []),
    ],
    "vtrain-Francis_II,_Holy_Roman_Emperor": [
        ('Germany', 0, 'LOC', ['wiki:Kingdom_of_Germany', 'iso3166:DE']),
        ('Hungary', 0, 'LOC', ['wiki:Kingdom_of_Hungary', 'iso3166:HU']),
        ('Croatia', 0, 'LOC', ['iso3166:HR']),
        ('Bohemia', 0, 'LOC', ['wiki:Kingdom_of_Bohemia', 'iso3166:CZ']),
        ('German Confederation', 0, 'LOC', ['wiki:German_Confederation']),
    ],
    "vtrain-Judaism": [
        ('Jews', 0, 'MISC', ['wiki:Jews']),
        ('Judaism', 0, 'MISC', ['wiki:Judaism']),
        ('Mosaic covenant', 0, 'MISC', []),
        ('God', 0, 'PER', ['wiki:God']),
        ('Jewish', 0, 'MISC', ['wiki:Jews']),
    ],
    "vtrain-The_Rite_of_Spring": [
        ('Paris', 0, 'LOC', ['geonames:2988507', 'iso3166-2:FR-75C']),
        ('Sergei Diaghilev', 0, 'PER', []),
        ('Ballets Russes', 0, 'ORG', []),
        ('Vaslav Nijinsky', 0, 'PER', ['wiki:Vaslav_Nijinsky']),
        ('Nicholas Roerich', 0, 'PER', []),
        ('Théâtre des Champs-Élysées', 0, 'LOC', []),
    ],
    "vtrain-Philip_II_of_France": [
        ('Franks', 0, 'MISC', ['wiki:Franks']),
        ('Philip', 0, 'PER', ['wiki:Philip_II_of_France']),
        ('French', 0, 'MISC', ['wiki:Kingdom_of_France', 'iso3166:FR']),
        ('France', 0, 'LOC', ['wiki:Kingdom_of_France', 'iso3166:FR']),
        ('Louis VII', 0, 'PER', []),
        ('Adela of Champagne', 0, 'PER', []),
        ('God-given', 0, 'PER', ['wiki:Philip_II_of_France']),
    ],
    "vtrain-Bering_Sea": [
        ('Bering Strait', 0, 'LOC', ['wiki:Bering_Strait']),
        ('Earth', 0, 'LOC', ['wiki:Earth']),
        ('Eurasia', 0, 'LOC', ['wiki:Eurasia']),
        ('Americas', 0, 'LOC', ['wiki:Americas']),
    ],
    "vtrain-Anna_Freud": [
        ('Vienna', 0, 'LOC', ['geonames:2761369', 'iso3166-2:AT-9']),
        ('Sigmund Freud', 0, 'PER', ['wiki:Sigmund_Freud']),
        ('Martha Bernays', 0, 'PER', []),
        ('Hermine Hug-Hellmuth', 0, 'PER', []),
        ('Melanie Klein', 0, 'PER', []),
    ],
    "vtrain-Haiti": [
        ('Dominican Republic', 0, 'LOC', ['iso3166:DO']),
        ('Haiti', 0, 'LOC', ['iso3166:HT']),
        ('Caribbean', 0, 'LOC', ['wiki:Caribbean']),
        ('Caribbean', 1, 'MISC', ['wiki:Caribbean']),
        ('Port-au-Prince', 0, 'LOC', ['geonames:3718426']),
    ],
    "vtrain-Paleogene": [
        ('Cenozoic Era', 0, 'MISC', ['wiki:Cenozoic']),
        ('Phanerozoic', 0, 'MISC', ['wiki:Phanerozoic']),
        ('Paleocene', 0, 'MISC', []),
        ('Eocene', 0, 'MISC', []),
        ('Oligocene', 0, 'MISC', []),
        ('Tertiary Period', 0, 'MISC', []),
        ('Paleogene Period', 0, 'MISC', ['wiki:Paleogene']),
        ('Neogene Period', 0, 'MISC', ['wiki:Neogene']),
        ('Tertiary', 1, 'MISC', []),
    ],
}
