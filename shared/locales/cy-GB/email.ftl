# Negeseuon e-bost. Daw $title mewn dyfynodau; dyddiadau mewn geiriau yw $expires a $date.
email-footer = Tellcare: straeon am ofal, wedi'u darllen cyn eu cyhoeddi.
email-dear = Annwyl { $name },
email-next = Beth sy'n digwydd nesaf:
email-ignore = Os na wnaethoch ofyn amdani, gallwch anwybyddu'r e-bost hwn.

email-received-subject = Mae eich stori gennym
email-received-thanks = Diolch am adrodd eich stori.
email-received-reference = Eich cyfeirnod yw { $reference }.
email-received-step-read = Mae cymedrolwr yn darllen eich stori, fel arfer o fewn dau ddiwrnod gwaith.
email-received-step-told = Unwaith y bydd wedi'i chyhoeddi, dywedir wrth staff y gwasanaeth, a gallant ateb yn gyhoeddus.
email-received-step-email = Rydym yn anfon e-bost atoch pan fydd wedi'i chyhoeddi a phan fydd rhywun yn ateb.
email-received-follow = Dilynwch eich stori, atebwch gwestiwn gennym, neu tynnwch hi'n ôl

email-published-subject = Mae eich stori wedi'i chyhoeddi
email-published = Mae eich stori { $title } wedi'i chyhoeddi.
email-published-read = Darllenwch eich stori
email-published-told = Mae staff y gwasanaeth wedi cael gwybod, a gallant ateb yn gyhoeddus. Byddwn yn anfon e-bost atoch pan fyddant yn gwneud hynny.
email-published-follow = Dilynwch eich stori, neu tynnwch hi'n ôl

email-responder-subject = Mae stori am { $service } wedi'i chyhoeddi
email-responder-published = Mae stori am { $service } wedi'i chyhoeddi: { $title }.
email-responder-read = Darllenwch y stori
email-responder-answer = Atebwch hi'n gyhoeddus, a dywedwch a oes newid wedi'i gynllunio neu wedi'i wneud (chi yn unig piau'r ddolen hon, ac mae'n gweithio tan { $expires })

email-contacted-subject = Cwestiwn am eich stori
email-contacted = Mae gan gymedrolwr gwestiwn am eich stori { $reference }:
email-contacted-answer = Atebwch y cwestiwn, ac mae eich stori'n mynd yn ôl at y cymedrolwyr

email-rejected-subject = Am y stori a adroddoch wrthym
email-rejected-thanks = Diolch am adrodd eich stori { $reference }.
email-rejected-sorry = Mae'n ddrwg gennym: ni allwn ei chyhoeddi. Dywedodd y cymedrolwr:
email-rejected-again = Mae croeso i chi adrodd eich stori eto.

email-answered-subject = Mae { $service } wedi ateb eich stori
email-answered = Mae { $responder } o { $service } wedi ateb eich stori { $title } ({ $change }):
email-answered-read = Darllenwch yr ateb ar dudalen eich stori
email-answered-reply = Ymatebwch iddo, neu tynnwch eich stori'n ôl

email-new-link-subject = Eich dolen newydd
email-new-link = Dyma eich dolen newydd ar gyfer y stori { $story }. Mae'n gweithio tan { $expires }.
email-new-link-open = Agorwch y stori

email-invitation-subject = Fe'ch gwahoddir i ateb ar ran { $service } ar Tellcare
email-invitation = Mae { $by } wedi eich ychwanegu at staff { $service } ar Tellcare, fel { $role }. Mae pobl yn dweud wrth Tellcare am eu profiad o'r gwasanaeth; mae cymedrolwyr yn darllen pob stori cyn ei chyhoeddi, a gallwch ddarllen y rhai a gyhoeddwyd a'u hateb yn gyhoeddus.
email-invitation-set-password = Gosodwch gyfrinair ar gyfer eich cyfrif (mae'r ddolen hon yn gweithio unwaith, tan { $expires })
email-invitation-then-sign-in = Yna mewngofnodwch
email-invitation-has-account = Mae gennych gyfrif yn barod: mewngofnodwch fel arfer, ac mae'r gwasanaeth ar eich dangosfwrdd
email-invitation-ignore = Os nad oeddech yn disgwyl hyn, gallwch anwybyddu'r e-bost hwn.

email-digest-subject-daily = Eich crynodeb dyddiol: { $count } stori am eich gwasanaethau
email-digest-subject-weekly = Eich crynodeb wythnosol: { $count } stori am eich gwasanaethau
email-digest-daily = Eich crynodeb dyddiol: y straeon am eich gwasanaethau a gyhoeddwyd ar { $date }.
email-digest-weekly = Eich crynodeb wythnosol: y straeon am eich gwasanaethau a gyhoeddwyd yn yr wythnos o { $date }.
email-digest-story = { $title }, am { $service }
email-digest-read = Darllenwch hi
email-digest-dashboard = Mae pob stori am eich gwasanaethau, a sut rydych yn cael e-bost amdanynt, ar eich dangosfwrdd

# Geiriau newid ateb.
change-none = Dim newid
change-planned = Newid wedi'i gynllunio
change-made = Newid wedi'i wneud
change-missing = Dewiswch a oes newid wedi'i gynllunio, wedi'i wneud, neu ddim
