# Y ffurflen "Adroddwch eich stori".
tell-title = Adroddwch eich stori
tell-title-about = Adroddwch eich stori am { $service }
tell-error-prefix = Gwall: { $title }
tell-intro = Mae'n cymryd tua 5 munud. Mae cymedrolwr yn darllen pob stori cyn ei chyhoeddi, heb eich enw, a gwahoddir staff y gwasanaeth i'w hateb.
tell-find-service = Dewch o hyd i'r gwasanaeth y mae eich stori amdano
tell-search = Chwilio
tell-send = Anfon eich stori
tell-which-service = Am ba wasanaeth mae eich stori?
tell-no-match = Nid oes gwasanaeth yn cyfateb i'ch chwiliad. Rhowch gynnig ar air arall.
tell-story-title = Am beth mae eich stori?
tell-story-title-hint = Ychydig eiriau, fel "Nyrsys caredig ar y shifft nos".
tell-body = Beth ddigwyddodd? Sut oeddech chi'n teimlo?
tell-body-hint = Peidiwch â chynnwys enwau nac unrhyw beth a allai eich adnabod chi neu unrhyw un arall. Bydd cymedrolwr yn ei dynnu allan os gwnewch chi.
tell-when = Pryd ddigwyddodd hyn?
tell-about-you = Amdanoch chi
tell-username = Dewiswch enw defnyddiwr (dewisol)
tell-username-hint = Yn cael ei ddangos gyda'ch stori yn lle eich enw: 3 i 30 o lythrennau a rhifau. Gadewch hwn yn wag a byddwn yn creu un.
tell-suggest = Awgrymu enw defnyddiwr
tell-email = Eich cyfeiriad e-bost (dewisol)
tell-email-hint = Dim ond i ddweud wrthych pan fydd eich stori wedi'i chyhoeddi neu wedi'i hateb, ac os oes angen i gymedrolwr ofyn rhywbeth i chi. Nid yw byth yn cael ei ddangos na'i rannu.
tell-postcode = Eich cod post (dewisol)
tell-postcode-hint = Mae'n helpu gwasanaethau i ddeall pwy maen nhw'n eu cyrraedd. Nid yw byth yn cael ei ddangos.
tell-trap = Gadewch hwn yn wag
error-summary-title = Mae problem
error-prefix = Gwall:
tell-not-saved = Nid oeddem yn gallu cadw eich stori ar hyn o bryd. Nid oes dim a deipiwyd gennych wedi'i golli: pwyswch Anfon eich stori eto.
tell-link-unknown = Nid oes dolen wahodd yn y cyfeiriad hwn. Gwiriwch ef yn erbyn y poster, neu adroddwch eich stori am unrhyw wasanaeth yn /tell.
tell-link-switched-off = Cafodd y ddolen a ddefnyddiwyd gennych ei diffodd tra oeddech yn ysgrifennu. Mae eich stori yma o hyd: dewiswch y gwasanaeth a'i hanfon.
tell-too-many = Mae llawer o straeon wedi'u hanfon o'ch cysylltiad chi yn ddiweddar. Mae eich stori yma o hyd: arhoswch { $minutes } munud, yna pwyswch Anfon eto.

# Ar ôl anfon stori.
thanks-title = Diolch am eich stori
thanks-reference = Eich cyfeirnod
thanks-next = Beth sy'n digwydd nesaf
thanks-step-read = Mae cymedrolwr yn darllen eich stori, fel arfer o fewn 2 ddiwrnod gwaith, ac yn tynnu allan unrhyw beth a allai adnabod unrhyw un.
thanks-step-published = Mae eich stori'n cael ei chyhoeddi ar Tellcare o dan eich enw defnyddiwr.
thanks-step-answer-named = Gwahoddir staff { $service } i'w hateb yn gyhoeddus.
thanks-step-answer = Gwahoddir staff y gwasanaeth i'w hateb yn gyhoeddus.
thanks-email = Os rhoesoch eich cyfeiriad e-bost, byddwn yn dweud wrthych pan fydd eich stori wedi'i chyhoeddi a phan fydd wedi'i hateb.
thanks-survey-title = Un peth arall
thanks-survey = Hoffai'r gwasanaeth hefyd i chi ateb ychydig o'i gwestiynau ei hun.
thanks-survey-go = Ewch ymlaen i arolwg y gwasanaeth

# Dolen nad yw'n derbyn straeon.
link-gone-title = Nid yw'r ddolen hon yn derbyn straeon
link-gone-disabled-named = Mae'r ddolen a ddilynoch ar gyfer { $service } wedi'i diffodd am y tro.
link-gone-disabled = Mae'r ddolen a ddilynoch wedi'i diffodd am y tro.
link-gone-deleted-named = Nid yw'r ddolen a ddilynoch ar gyfer { $service } yn cael ei defnyddio mwyach.
link-gone-deleted = Nid yw'r ddolen a ddilynoch yn cael ei defnyddio mwyach.
link-gone-archived-named = Nid yw { $service } yn derbyn straeon newydd drwy Tellcare mwyach.
link-gone-archived = Nid yw'r gwasanaeth hwn yn derbyn straeon newydd drwy Tellcare mwyach.
link-gone-still = Gallwch adrodd eich stori o hyd
link-gone-any = Adroddwch stori am unrhyw wasanaeth ar Tellcare
link-gone-any-after = : rydych yn dewis y gwasanaeth ar y dudalen nesaf.
link-gone-read = Darllenwch am Tellcare a'r gwasanaethau arno
link-gone-urgent = Os yw eich stori am rywbeth brys, neu os oes rhywun mewn perygl, cysylltwch â'r gwasanaeth yn uniongyrchol neu ffoniwch GIG 111.

# Dolen o e-bost sy'n rhy hen.
link-expired-title = Mae'r ddolen hon wedi dod i ben
link-expired-why = Mae'r dolenni yn ein negeseuon e-bost yn gweithio am { $days } diwrnod, fel na all neb arall ddefnyddio hen un.
link-expired-renew = Anfonwch ddolen newydd ataf
link-expired-where = Rydym yn ei hanfon i'r cyfeiriad yr anfonwyd y ddolen hon iddo.
