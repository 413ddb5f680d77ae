# Pennawd tudalennau'r staff.
nav-label = Tudalennau staff
nav-stories = Straeon
nav-my-stories = Straeon fy ngwasanaethau
nav-services = Gwasanaethau
nav-signed-in = Wedi mewngofnodi fel { $name }
nav-sign-out = Allgofnodi
sign-in = Mewngofnodi

# Faint yn ôl, ar gip.
age-now = llai na munud
age-minutes = { $count } munud
age-hours = { $count } awr
age-days = { $count } diwrnod

# Dangosfwrdd y staff: straeon eu gwasanaethau.
dashboard-title = Straeon eich gwasanaethau
dashboard-none-yet = Nid oes stori am eich gwasanaethau wedi'i chyhoeddi eto. Pan fydd un, bydd hi yma, a byddwch yn cael e-bost amdani fel y dewisoch.
dashboard-waiting = { $count ->
    [0] Mae ateb gan eich gwasanaethau i bob stori yma.
   *[other] Mae { $count } stori'n aros am ateb.
}
dashboard-newest = Dangosir y { $count } diweddaraf o bob gwasanaeth.
dashboard-caption = Straeon a gyhoeddwyd, y rhai sy'n aros am ateb yn gyntaf
dashboard-story = Stori
dashboard-about = Am
dashboard-published = Cyhoeddwyd
dashboard-criticality = Difrifoldeb
dashboard-answer = Ateb
dashboard-ago = { $age } yn ôl
dashboard-level = { $level } o 5
dashboard-not-rated = Heb ei graddio
dashboard-answered = Wedi'i hateb
dashboard-unanswered = Yn aros
dashboard-moderator = Rydych yn cymedroli straeon pob gwasanaeth: maen nhw yn
dashboard-queue = y ciw cymedroli
dashboard-no-membership = Nid ydych yn aelod o staff unrhyw wasanaeth. Os dylech fod, gofynnwch i bwy bynnag sy'n rhedeg eich gwasanaeth ar Tellcare eich ychwanegu.
dashboard-emails = Eich negeseuon e-bost
dashboard-emails-what = Ar gyfer pob gwasanaeth rydych yn ateb ar ei ran, dewiswch pa straeon y cewch e-bost amdanynt. Mae pob stori ar y dudalen hon beth bynnag a ddewiswch.
email-when-all = Pob stori, wrth iddi gael ei chyhoeddi
email-when-critical = Dim ond straeon ar lefel difrifoldeb neu uwch, wrth iddynt gael eu cyhoeddi
email-when-daily = Crynodeb dyddiol, yn y bore, o'r diwrnod cynt
email-when-weekly = Crynodeb wythnosol, ar fore Llun
email-when-none = Dim negeseuon e-bost
dashboard-threshold = Y difrifoldeb, ar gyfer straeon ar y lefel honno neu uwch (0 ddim yn ddifrifol, 5 yn ddifrifol iawn)
dashboard-save-emails = Cadw fy negeseuon e-bost ar gyfer { $service }
dashboard-reports = Adroddiadau
dashboard-reports-what = Yr hyn y mae pob gwasanaeth wedi'i ddysgu o'i straeon, fis wrth fis, gyda siartiau a lawrlwythiadau.
dashboard-report-of = Adroddiad { $service }
dashboard-managed = Gwasanaethau rydych yn eu rheoli
dashboard-managed-what = Eu manylion, eu staff, eu dolenni gwahodd a'u posteri.

# Aelod newydd o staff yn gosod ei gyfrinair.
welcome-title = Gosodwch eich cyfrinair
welcome-added = Rydych wedi cael eich ychwanegu at staff gwasanaeth ar Tellcare. Dewiswch gyfrinair ar gyfer eich cyfrif; rydych yn mewngofnodi gyda'r cyfrinair hwn a'ch cyfeiriad e-bost:
welcome-rules = O leiaf { $min } nod, gyda phriflythyren, llythyren fach a rhif. Mae ychydig eiriau y byddwch yn eu cofio yn gwneud un da.
welcome-password = Cyfrinair
welcome-confirm = Yr un cyfrinair eto
welcome-set = Gosod fy nghyfrinair
password-too-short = Defnyddiwch o leiaf { $min } nod.
password-too-simple = Defnyddiwch briflythyren, llythyren fach a rhif.
password-not-same = Nid yw'r ddau gyfrinair yr un fath: teipiwch ef eto yn y ddau.
password-set = Mae eich cyfrinair wedi'i osod
password-set-sign-in = Mewngofnodwch gyda'ch cyfeiriad e-bost a'r cyfrinair a ddewisoch.

# Chwilio staff.
nav-search = Chwilio
search-staff-title = Chwilio straeon
search-staff-everything = Pob stori ym mhob statws: ei theitl a'i thestun, ei hatebion, nodiadau'r cymedrolwyr, a'r testun fel yr ysgrifennodd ei hawdur ef tra mae'n aros am benderfyniad.
search-staff-yours = Straeon cyhoeddedig eich gwasanaethau, a'r gwasanaethau oddi tanynt.
search-staff-label = Geiriau i chwilio amdanynt
search-staff-status = Statws
search-staff-any-status = Unrhyw statws
search-staff-none = Dim ond cymedrolwyr, gweinyddwyr a staff gwasanaeth sy'n gallu chwilio straeon yma.
search-nothing-staff = Nid oes gan unrhyw stori y gallwch ei darllen y geiriau “{ $words }”.
