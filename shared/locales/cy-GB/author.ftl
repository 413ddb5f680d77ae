# Tudalen yr awdur am ei stori.
my-story-title = Eich stori
my-story-caption = Eich stori · cyfeirnod { $reference }
my-story-awaiting_moderation = Mae cymedrolwr yn darllen eich stori. Byddwn yn anfon e-bost atoch pan fydd wedi'i chyhoeddi.
my-story-on_hold = Mae cymedrolwr yn gwirio rhywbeth cyn cyhoeddi eich stori.
my-story-awaiting_author = Mae cymedrolwr wedi gofyn cwestiwn i chi drwy e-bost. Atebwch ef isod, ac mae eich stori'n mynd yn ôl atynt.
my-story-published = Mae eich stori wedi'i chyhoeddi. Gall staff y gwasanaeth ei hateb yn gyhoeddus.
my-story-rejected = Nid oeddem yn gallu cyhoeddi eich stori. Rydym wedi anfon e-bost atoch yn egluro pam.
my-story-withdrawn = Rydych wedi tynnu eich stori'n ôl. Nid yw ar y wefan mwyach.
my-story-answers = Atebion
my-story-no-answers = Dim atebion eto. Byddwn yn anfon e-bost atoch pan fydd y gwasanaeth yn ateb.
my-story-replies = Eich ymatebion
my-story-reply-waits = Yn aros am gymedrolwr
my-story-reply-published = Wedi'i gyhoeddi
my-story-reply-not-published = Heb ei gyhoeddi
my-story-reply = Ymateb
my-story-reply-hint = Mae cymedrolwr yn darllen eich ymateb cyn ei gyhoeddi.
my-story-send-reply = Anfon eich ymateb
my-story-withdraw-title = Tynnu eich stori'n ôl
my-story-withdraw-what = Mae eich stori'n gadael y wefan ar unwaith. Mae negeseuon e-bost a anfonwyd eisoes yn aros wedi'u hanfon.
my-story-confirm = Rwyf am dynnu fy stori'n ôl
my-story-confirm-missing = Ticiwch y blwch i ddweud eich bod am dynnu eich stori'n ôl
my-story-withdraw = Tynnu fy stori'n ôl
my-story-withdraw-deletes = Mae tynnu'n ôl hefyd yn dileu eich cyfeiriad e-bost, eich cod post a'ch stori fel yr ysgrifennoch hi.
my-story-forget-title = Anghofio fy nghyfeiriad e-bost
my-story-forget-what = Rydym yn dileu eich cyfeiriad e-bost ar unwaith ac nid ydym yn anfon e-bost atoch eto. Cadwch gyfeiriad y dudalen hon i ddod yn ôl.
my-story-forgotten = Mae eich cyfeiriad e-bost wedi'i ddileu. Ni fyddwn yn anfon e-bost atoch eto; mae'r dudalen hon yn dal i weithio o'ch dolen.
my-story-no-email = Nid oes gennym gyfeiriad e-bost ar gyfer y stori hon.

# Dolenni a anfonwyd drwy e-bost.
link-renewing-title = Rydym yn anfon dolen newydd atoch drwy e-bost
link-renewing = Dylai gyrraedd o fewn ychydig funudau. Edrychwch yn eich ffolder sothach os nad yw'n cyrraedd.
link-not-ours = Nid yw'r ddolen hon yn un a anfonwyd gennym ni. Gwiriwch ei bod wedi'i chopïo'n llawn.
link-closed-to-answers = Nid yw'r stori hon ar agor i atebion drwy'r ddolen hon mwyach.
