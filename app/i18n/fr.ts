// Every sentence a respondent reads, in French: the source of the other dictionaries
// (en.ts, ar.ts, falc.ts), which must have exactly the same keys and variables
// (app/i18n/i18n.test.ts). Parents are "vous", young people "tu" (docs/writing.md): a key ending
// in ".vous" or ".tu" says who it speaks to. Plurals: `{count, plural, one {…} other {…}}`.
// SurveyJS's own placeholders ({0}, {1}) stay as SurveyJS writes them.

export const fr = {
  // Every page
  "layout.skip": "Aller au contenu",
  "layout.languages": "Langue",
  "layout.footer": "Coéduc, la parole des familles et des jeunes dans les Cités éducatives.",
  "layout.accessibility": "Accessibilité : non conforme",
  "layout.description": "Donner son avis sur l'éducation dans son quartier.",
  "layout.suggestion": "Cette page existe aussi en français.",
  "layout.suggestion.link": "Lire en français",
  "common.home": "Retour à l'accueil",
  "common.minutes": "Environ {minutes} minutes.",
  "common.results": "Voir les résultats et ce qui a été fait",
  "common.erase": "Effacer mes réponses",
  "common.answerForChild": "Répondre pour un enfant",
  "common.listSeparator": ", ",
  "error.notFound.title": "Page introuvable",
  "error.notFound.text": "Cette page n'existe pas. Vérifiez l'adresse.",
  "error.generic.title": "Un problème est survenu",
  "error.generic.text": "Le service ne répond pas comme prévu. Réessayez dans quelques minutes.",
  "error.expired.title": "Formulaire expiré",
  "error.expired.text":
    "Ce formulaire a expiré ou ne vient pas de Coéduc : rien n'a été enregistré. Rechargez la page, puis recommencez.",
  "error.rateLimited":
    "Trop d'essais depuis cette connexion. Rien n'a été changé. Réessayez dans {minutes, plural, one {# minute} other {# minutes}}.",

  // Home page (/)
  "home.intro": "Coéduc recueille l'avis des parents et des jeunes sur l'éducation dans leur quartier.",
  "home.how": "Pour répondre, utilisez le lien ou le QR code donné par votre Cité éducative.",
  "home.demo": "Essayer le questionnaire de démonstration",
  "home.erase": "Effacer mes réponses avec mon code",

  // Campaign landing (/s/:slug)
  "landing.meta": "Questionnaire",
  "landing.intro": "Ce questionnaire demande votre avis sur l'éducation dans le quartier.",
  "landing.citeEducative":
    "La Cité éducative, c'est l'école, la mairie et les associations qui agissent ensemble pour les enfants et les jeunes.",
  "landing.why": "Vos réponses l'aident à mieux travailler avec vous.",
  "landing.about": "Pourquoi ce questionnaire ?",
  "landing.duration.label": "Durée :",
  "landing.duration": "environ {minutes} minutes.",
  "landing.duration.range": "environ {min} à {max} minutes.",
  "landing.anonymous.label": "Anonyme :",
  "landing.anonymous": "on ne demande pas votre nom.",
  "landing.readers.label": "Qui lit les réponses ?",
  "landing.readers":
    "L'équipe de la Cité éducative. Les résultats sont publiés seulement pour des groupes d'au moins 10 personnes. Des phrases écrites peuvent être publiées, sans nom, après relecture.",
  "landing.until.label": "Ouvert jusqu'au",
  "landing.who": "Qui répond ?",
  "landing.who.parent": "Je suis parent ou je m'occupe d'un enfant",
  "landing.who.youth": "J'ai entre 12 et 17 ans",
  "landing.who.adult": "J'ai entre 18 et 25 ans",
  "landing.erase.question": "Vous avez déjà répondu et voulez effacer vos réponses ?",
  // Finished answers kept on this phone and not yet sent (the landing says so)
  "landing.waiting": "Des réponses finies attendent sur ce téléphone. Elles ne sont pas encore envoyées.",
  "landing.waiting.send": "Envoyer maintenant",
  "landing.waiting.whenOnline": "Envoyer au retour de la connexion",
  "landing.waiting.offline":
    "Pas de connexion internet pour le moment. Les réponses partiront au retour de la connexion.",
  "landing.waiting.sending": "Envoi des réponses…",
  "landing.waiting.sent": "Vos réponses sont envoyées. Merci !",
  "landing.waiting.retry": "Nous réessayons tout seuls.",
  "landing.waiting.check": "Ouvrez le questionnaire pour vérifier vos réponses.",
  "landing.waiting.open": "Ouvrir le questionnaire",

  // Parents (/s/:slug/parent)
  "parent.meta": "Parents",
  "parent.title": "Vous êtes parent",
  "parent.parts": "{count, plural, one {Le questionnaire a 1 partie.} other {Le questionnaire a # parties.}}",
  "parent.own": "Vous, comme parent.",
  "parent.child": "Un enfant de 0 à 11 ans.",
  "parent.child.minutes": "Environ {minutes} minutes par enfant. Vous pouvez répondre pour chaque enfant.",
  "parent.resume": "Vous pouvez arrêter et reprendre plus tard sur ce téléphone.",
  "parent.start": "Commencer",
  "parent.childAfterOwn": "J'ai déjà répondu pour moi : répondre pour un enfant",

  // A child's age (/s/:slug/enfant)
  "child.meta": "Répondre pour un enfant",
  "child.title": "Quel âge a votre enfant ?",
  "child.oneAtATime": "Vous répondez pour un seul enfant à la fois.",
  "child.another": "Vous pourrez ensuite répondre pour un autre enfant.",
  // Asked in a parent's words; the dashboards name the bands apart on purpose (AGE_BAND_LABELS).
  "child.age.0-2": "Moins de 3 ans",
  "child.age.3-5": "De 3 à 5 ans",
  "child.age.6-11": "De 6 à 11 ans",
  "family.meta": "Vos enfants",
  "family.title": "Avez-vous des enfants de 0 à 11 ans ?",
  "family.intro":
    "Pour chaque enfant, choisissez son âge et où il passe la journée. Ensuite, vous répondez pour chaque enfant, l'un après l'autre.",
  "family.minutes": "Environ {minutes} minutes par enfant.",
  "family.age": "Son âge",
  "family.care": "Où passe-t-il la journée, le plus souvent ?",
  "family.care.creche": "À la crèche",
  "family.care.assmat": "Chez une assistante maternelle",
  "family.care.maternelle": "À l'école maternelle",
  "family.care.elementaire": "À l'école élémentaire",
  "family.care.maison": "À la maison",
  "family.add": "Ajouter cet enfant",
  "family.missing": "Choisissez l'âge et où il passe la journée.",
  "family.list": "{count, plural, one {Vous avez ajouté 1 enfant :} other {Vous avez ajouté # enfants :}}",
  "family.remove": "Retirer",
  "family.another": "Un autre enfant de 0 à 11 ans ?",
  "family.done":
    "{count, plural, one {C'est tout : répondre pour mon enfant} other {C'est tout : répondre pour mes # enfants}}",
  "family.none": "Je n'ai pas d'enfant de cet âge",
  "family.young.title": "Es-tu parent d'un enfant de 0 à 11 ans ?",
  "family.young.intro":
    "Si oui, tu peux aussi répondre comme parent, puis pour chaque enfant. Tu gardes un seul code pour tout.",
  "family.young.yes": "Oui, je suis parent",
  "family.young.no": "Non, j'ai fini",

  // Young people's age (/s/:slug/jeune)
  "youth.meta": "Jeunes de 12 à 17 ans",
  "youth.title": "Quel âge as-tu ?",
  "youth.minutes": "Le questionnaire prend environ {minutes} minutes.",
  "youth.anonymous": "On ne te demande pas ton nom.",
  "youth.younger": "12, 13 ou 14 ans",
  "youth.older": "15, 16 ou 17 ans",

  // Joint consent under 15 (/s/:slug/accord)
  "consent.meta": "Accord avant de commencer",
  "consent.title": "Avant de commencer",
  "consent.under15": "Tu as moins de 15 ans.",
  "consent.law": "La loi demande ton accord et l'accord d'un de tes parents.",
  "consent.show": "Montre cette page à ton parent ou à l'adulte qui s'occupe de toi.",
  "consent.toKnow": "Ce qu'il faut savoir",
  "consent.noName": "On ne demande pas ton nom.",
  "consent.dontKnow": "Tu peux répondre « je ne sais pas ».",
  "consent.stop": "Tu peux arrêter quand tu veux.",
  "consent.readers": "L'équipe de la Cité éducative lit les réponses pour améliorer les activités.",
  "consent.missing": "{count, plural, one {Il manque un accord :} other {Il manque # accords :}}",
  "consent.legend": "Les 2 accords",
  "consent.youth": "Moi, je suis d'accord pour répondre.",
  "consent.parent": "Mon parent, ou l'adulte qui s'occupe de moi, est d'accord.",
  "consent.youth.error": "Coche cette case si tu es d'accord pour répondre.",
  "consent.parent.error": "Il faut aussi l'accord d'un de tes parents.",
  "consent.start": "Commencer le questionnaire",

  // The questionnaire page and its sending
  "survey.loading": "Chargement du questionnaire…",
  "survey.noscript": "Pour répondre, activez JavaScript dans votre navigateur.",
  "survey.preview": "Le questionnaire se charge. On peut déjà répondre.",
  "survey.loadFailed": "Le questionnaire n'a pas pu se charger. La connexion internet est peut-être coupée.",
  "survey.reload": "Recharger la page",
  "survey.listen": "Écouter la question",
  "survey.listenStop": "Arrêter la lecture",
  "survey.noVoice": "Écouter : ce téléphone n'a pas de voix pour cette langue",
  "survey.kept.vous": "Vos réponses sont gardées sur ce téléphone.",
  "survey.kept.tu": "Tes réponses sont gardées sur ce téléphone.",
  "survey.onlyFrench": "Ce questionnaire existe seulement en français.",
  "survey.noSimplified": "Ce questionnaire n'a pas encore de version simplifiée.",
  "survey.sending.vous": "Envoi de vos réponses…",
  "survey.sending.tu": "Envoi de tes réponses…",
  "survey.offline": "Pas de connexion internet pour le moment.",
  "survey.serverDown": "Le service ne répond pas pour le moment.",
  "survey.retrying.vous": "Nous réessayons tout seuls. Vous pouvez aussi réessayer maintenant.",
  "survey.retrying.tu": "Nous réessayons tout seuls. Tu peux aussi réessayer maintenant.",
  "survey.retryNow": "Réessayer maintenant",
  "survey.closed.vous": "Ce questionnaire est fermé. Vos réponses n'ont pas pu être envoyées.",
  "survey.closed.tu": "Ce questionnaire est fermé. Tes réponses n'ont pas pu être envoyées.",
  "survey.refused.vous": "Vos réponses n'ont pas pu être envoyées.",
  "survey.refused.tu": "Tes réponses n'ont pas pu être envoyées.",
  "survey.restart.vous": "Vous pouvez recommencer le questionnaire.",
  "survey.restart.tu": "Tu peux recommencer le questionnaire.",
  "survey.restartButton": "Recommencer le questionnaire",
  "survey.invalid.vous": "Certaines réponses posent problème. Vérifiez-les avant d'envoyer :",
  "survey.invalid.tu": "Certaines réponses posent problème. Vérifie-les avant d'envoyer :",
  "survey.storageFailed.vous":
    "Ce téléphone ne peut pas garder vos réponses. Terminez le questionnaire sans fermer la page.",
  "survey.storageFailed.tu":
    "Ce téléphone ne peut pas garder tes réponses. Termine le questionnaire sans fermer la page.",
  // Inside the questionnaire (SurveyJS): its buttons, progress and required-answer message.
  "survey.send": "Envoyer mes réponses",
  "survey.progress": "Question {0} sur {1}",
  "survey.required": "La réponse à cette question est obligatoire.",

  // Thank-you page (/s/:slug/merci)
  "thanks.meta": "Merci",
  "thanks.title": "Merci !",
  "thanks.stored.vous": "Vos réponses sont bien enregistrées.",
  "thanks.stored.tu": "Tes réponses sont bien enregistrées.",
  "thanks.family.vous":
    "{children, plural, =0 {Vos réponses sont enregistrées.} one {Vos réponses et celles de votre enfant sont enregistrées.} other {Vos réponses et celles de vos # enfants sont enregistrées.}}",
  "thanks.family.tu":
    "{children, plural, =0 {Tes réponses sont enregistrées.} one {Tes réponses et celles de ton enfant sont enregistrées.} other {Tes réponses et celles de tes # enfants sont enregistrées.}}",
  "thanks.family.childrenOnly":
    "{children, plural, one {Les réponses pour votre enfant sont enregistrées.} other {Les réponses pour vos # enfants sont enregistrées.}}",
  "thanks.next": "Et maintenant ?",
  "thanks.reads": "L'équipe de la Cité éducative lit toutes les réponses.",
  "thanks.presents": "Elle présente les résultats aux familles et aux jeunes.",
  "thanks.tells": "Elle dit aussi ce qu'elle fait avec les idées reçues.",
  "thanks.results":
    "Les résultats seront publiés après la fermeture du questionnaire, le {date}, sur la page des résultats.",
  "thanks.code.title.vous": "Votre code pour effacer vos réponses",
  "thanks.code.title.tu": "Ton code pour effacer tes réponses",
  "thanks.code.note.vous": "Notez ce code ou faites une capture d'écran.",
  "thanks.code.note.tu": "Note ce code ou fais une capture d'écran.",
  "thanks.code.once": "Il ne sera plus affiché.",
  "thanks.code.family.vous":
    "Ce code sert pour toutes les réponses de ce jour : les vôtres et celles pour vos enfants. Vous avez un seul code à garder.",
  "thanks.code.family.tu":
    "Ce code sert pour toutes tes réponses de ce jour, aussi celles pour tes enfants. Tu as un seul code à garder.",
  "thanks.code.unavailable":
    "Ces réponses étaient déjà arrivées : le code pour les effacer ne peut plus être affiché.",
  "thanks.code.erase.vous": "Avec ce code, vous pouvez effacer vos réponses sur la page {link}.",
  "thanks.code.erase.tu": "Avec ce code, tu peux effacer tes réponses sur la page {link}.",
  "thanks.code.copy": "Copier le code",
  "thanks.code.copied": "Code copié",
  "thanks.child.another": "Vous avez un autre enfant de 0 à 11 ans ?",
  "thanks.child.first": "Vous avez un enfant de 0 à 11 ans ?",
  "thanks.child.each": "Vous pouvez répondre pour chaque enfant.",
  "thanks.child.minutes": "Environ {minutes} minutes par enfant.",
  "thanks.child.answerAnother": "Répondre pour un autre enfant",

  // Public results (/s/:slug/resultats)
  "results.meta": "Résultats",
  "results.title": "Résultats : {title}",
  "results.said": "Ce que vous avez dit",
  "results.later": "Les résultats seront publiés après la fermeture du questionnaire, le {date}.",
  "results.total":
    "{count, plural, one {Résultats calculés sur # réponse.} other {Résultats calculés sur # réponses.}}",
  "results.hiddenGroups": "Certains groupes ont moins de 10 réponses. Leurs résultats ne sont pas publiés.",
  "results.percent": "Le pourcentage dit la part des réponses plutôt positives.",
  // The public wording of a hidden figure; the dashboards' differs on purpose (HIDDEN_FIGURE).
  "results.notPublished": "moins de 10 réponses : résultat non publié",
  "results.responses": "{count, plural, one {# réponse.} other {# réponses.}}",
  "results.dimension": "{dimension} :",
  "results.open": "Le questionnaire est ouvert.",
  "results.answer": "Répondre au questionnaire",
  "results.verbatims": "Quelques phrases écrites",
  "results.verbatims.note":
    "Elles ont été relues. Les détails qui permettraient de reconnaître quelqu'un sont retirés.",
  "results.done": "Ce qui a été fait",
  "results.nothingYet": "Rien n'est encore publié. L'équipe dira ici ce qu'elle fait avec vos réponses.",
  "results.heard": "Ce que nous avons entendu :",
  "results.decided": "Ce que nous faisons :",
  "results.state": "État :",
  "results.state.planned": "prévu",
  "results.state.in_progress": "en cours",
  "results.state.done": "fait",
  "results.since": "depuis le {date}",
  "results.endedOn": "terminé le {date}",
  "results.endsOn": "fin prévue le {date}",
  "results.theme": "Thème : {dimension}",
  "results.councils.one": "L'avis du conseil des jeunes",
  "results.councils.many": "L'avis des conseils de jeunes",
  "results.councils.intro":
    "Des jeunes se sont réunis en conseil. Ils ont écrit leur avis ensemble. Ils ont aussi dit si leur avis compte vraiment : oui, en partie ou non.",
  "results.council.held": "Séance du {date}.",
  "results.council.met":
    "{met, plural, =0 {Le conseil estime qu'aucun des {total} critères n'est rempli.} one {Le conseil estime que 1 critère sur {total} est rempli.} other {Le conseil estime que # critères sur {total} sont remplis.}}",
  "results.council.verdict": "Réponse du conseil : ",
  "results.council.noVerdict": "pas de réponse",
  "verdict.yes": "oui",
  "verdict.partly": "en partie",
  "verdict.no": "non",
  // Audience and dimension names: also the dashboards' (DIMENSION_LABELS and AUDIENCE_LABELS in
  // ~/indicators/labels.ts read them from here), so the public page and the dashboards agree.
  "audience.P": "Parents (pour eux-mêmes)",
  "audience.Px": "Parents, pour un enfant de 0 à 11 ans",
  "audience.Y": "Jeunes de 12 à 17 ans",
  "audience.A": "Jeunes adultes de 18 à 25 ans",
  "audience.C": "Conseils de jeunes",
  "dimension.D1": "Reconnu·e comme acteur ou actrice",
  "dimension.D2": "Savoirs d'expérience valorisés",
  "dimension.D3": "Alliance famille – école – lieux d'accueil",
  "dimension.D4": "Continuité du parcours éducatif",
  "dimension.D5": "Communauté inclusive, appartenance",
  "dimension.D6": "Citoyenneté, pouvoir d'agir",
  "dimension.D7": "Coopération et gouvernance perçues",

  // A campaign that cannot be answered (404, 410)
  "unavailable.closed": "Ce questionnaire est fermé",
  "unavailable.notYetOpen": "Ce questionnaire n'est pas encore ouvert",
  "unavailable.dates.closed": "Il était ouvert du {opens} au {closes}.",
  "unavailable.dates.upcoming": "Il sera ouvert du {opens} au {closes}.",
  "unavailable.thanks": "Merci.",
  "unavailable.comeBack": "Revenez à partir de la date d'ouverture.",
  "unavailable.notFound": "Questionnaire introuvable",
  "unavailable.notFound.link": "Ce lien ne mène à aucun questionnaire.",
  "unavailable.notFound.check": "Vérifiez l'adresse ou scannez à nouveau le QR code.",

  // Erasing one's answers (/effacer)
  "erase.intro.code": "À la fin du questionnaire, vous avez reçu un code.",
  "erase.intro.use": "Avec ce code, vous pouvez effacer vos réponses.",
  "erase.label": "Votre code",
  "erase.hint": "Par exemple : ABCD-1234-EFGH-5678",
  "erase.continue": "Continuer",
  "erase.error.empty": "Écrivez votre code.",
  "erase.error.shape": "Le code a 16 lettres et chiffres, par exemple ABCD-1234-EFGH-5678.",
  "erase.error.notFound": "Ce code ne correspond à aucune réponse. Vérifiez le code.",
  "erase.confirm.title": "Effacer ces réponses ?",
  "erase.confirm.found": "Nous avons trouvé vos réponses du {date} au questionnaire « {title} ».",
  "erase.confirm.count":
    "Ce code efface {count} réponses : les vôtres et celles que vous avez données pour vos enfants.",
  "erase.confirm.warning": "Si vous les effacez, on ne peut plus les retrouver.",
  "erase.confirm.yes": "Oui, effacer mes réponses",
  "erase.confirm.no": "Non, garder mes réponses",
  "erase.done.title": "Vos réponses sont effacées",
  "erase.done.count": "{count} réponses sont effacées.",
  "erase.done.text": "Elles ne comptent plus dans les résultats.",

  // Youth council on a phone (/conseil, /conseil/:code)
  "council.join.meta": "Rejoindre le conseil",
  "council.join.title": "Rejoindre le conseil",
  "council.join.intro": "Écris le code affiché sur l'écran.",
  "council.join.label": "Code de la séance",
  "council.join.hint": "6 caractères, par exemple : K7M 4PQ",
  "council.join.submit": "Rejoindre",
  "council.join.noAccount": "Pas besoin de compte. Ton nom n'est pas demandé.",
  "council.join.badCode": "Le code a 6 caractères : des lettres et des chiffres. Par exemple : K7M 4PQ.",
  "council.join.unknown": "Aucune séance n'a ce code. Vérifie le code sur l'écran.",
  "council.join.closed": "Cette séance est terminée. On ne peut plus y répondre. Merci !",
  "council.meta": "Conseil des jeunes",
  "council.error.not_open":
    "La séance n'a pas encore commencé. Ta réponse n'est pas enregistrée. Attends le signal.",
  "council.error.closed": "La séance est terminée. Ta réponse n'est pas enregistrée.",
  "council.error.full": "La séance est complète. Ta réponse n'est pas enregistrée.",
  "council.error.unknown_item": "Cette question ne fait pas partie de la séance.",
  "council.error.invalid_value": "Choisis une réponse.",
  "council.waiting.title": "La séance va commencer",
  "council.waiting.text": "Les questions s'affichent ici quand l'animateur ou l'animatrice ouvre la séance.",
  "council.waiting.keep": "Garde cette page ouverte.",
  "council.refresh": "Actualiser",
  "council.ends": "La séance se termine à {time}.",
  "council.changed": "Ta réponse est changée. Seule la dernière compte.",
  "council.done.title": "Merci, tes réponses sont enregistrées",
  "council.done.screen":
    "Regarde l'écran : les résultats d'une question s'affichent quand 5 personnes y ont répondu.",
  "council.done.yours": "Tes réponses",
  "council.noAnswer": "pas de réponse",
  "council.change": "Changer",
  "council.change.hidden": " ma réponse à « {title} »",
  "council.progress": "Question {index} sur {total}",
  "council.submit": "Valider",
  "council.previous": "Revenir à la question précédente",
  "council.closed.title": "Cette séance est terminée",
  "council.closed.text": "On ne peut plus y répondre. Merci pour ta participation !",
  "council.full.title": "La séance est complète",
  "council.full.text": "Trop de téléphones ont rejoint cette séance. Demande à l'animateur ou l'animatrice.",
  "council.notFound.title": "Séance introuvable",
  "council.notFound.text": "Aucune séance n'a ce code. Vérifie le code sur l'écran.",
  "council.generic.text": "Le service ne répond pas comme prévu. Réessaie dans quelques minutes.",
  "council.otherCode": "Écrire un autre code",

  // Privacy notice (/confidentialite) and the line about it on the landing
  "privacy.footer": "Vos données et vos droits",
  "privacy.keptUntil": "Vos réponses sont gardées jusqu'au {date}. Ensuite, elles sont effacées.",
  "privacy.more": "Vos données et vos droits",
  "privacy.meta": "Vos données et vos droits",
  "privacy.title": "Vos données et vos droits",
  "privacy.intro": "Cette page explique ce que deviennent vos réponses aux questionnaires Coéduc.",
  "privacy.who.title": "Qui est responsable ?",
  "privacy.who.text": "Le responsable de vos données est :",
  "privacy.why.title": "Pourquoi nous demandons votre avis",
  "privacy.why.text":
    "Nous voulons savoir si les parents et les jeunes ont leur place dans la Cité éducative.",
  "privacy.why.knowledge": "Nous voulons aussi savoir si votre expérience est écoutée.",
  "privacy.why.use":
    "Les résultats aident l'équipe à mieux travailler avec vous. Ils ne servent à rien d'autre.",
  "privacy.basis.title": "Ce qui nous y autorise",
  "privacy.basis.text":
    "C'est une mission d'intérêt public. La règle est l'article 6.1.e du règlement européen sur la protection des données (RGPD).",
  "privacy.basis.free": "Répondre n'est pas obligatoire. Vous pouvez arrêter quand vous voulez.",
  "privacy.kept.title": "Ce que nous gardons",
  "privacy.kept.answers": "Vos réponses aux questions.",
  "privacy.kept.context": "Le questionnaire, la tranche d'âge, la langue et le jour de la réponse.",
  "privacy.kept.code": "Une empreinte de votre code pour effacer. Le code lui-même n'est pas gardé.",
  "privacy.notKept.title": "Ce que nous ne gardons pas",
  "privacy.notKept.name":
    "Votre nom, votre adresse, votre e-mail, votre téléphone : nous ne les demandons pas.",
  "privacy.notKept.ip":
    "Votre adresse internet (adresse IP) n'est pas enregistrée. Contre les abus, le serveur garde seulement une empreinte en mémoire. Elle change chaque jour.",
  "privacy.notKept.phone": "Avant l'envoi, vos réponses restent seulement sur votre téléphone.",
  "privacy.notKept.cookies":
    "Pas de publicité, pas de mesure d'audience. Les cookies gardent seulement votre langue, votre accord et votre place dans un conseil de jeunes.",
  "privacy.freeText":
    "Quand vous écrivez librement, n'écrivez pas de nom. Avant de publier une phrase, une personne la relit. Elle retire ce qui permettrait de reconnaître quelqu'un.",
  "privacy.readers.title": "Qui lit les réponses",
  "privacy.readers.text":
    "L'équipe de la Cité éducative de votre quartier. Les résultats publiés portent sur des groupes d'au moins 10 personnes.",
  "privacy.duration.title": "Combien de temps nous gardons les réponses",
  "privacy.duration.text":
    "Chaque questionnaire a sa durée, comptée après sa fermeture. Ensuite, les réponses sont effacées, avec les résultats calculés à partir d'elles.",
  "privacy.duration.caption": "Jusqu'à quand les réponses de chaque questionnaire sont gardées",
  "privacy.duration.territory": "Cité éducative",
  "privacy.duration.campaign": "Questionnaire",
  "privacy.duration.closes": "Fermeture",
  "privacy.duration.until": "Réponses gardées jusqu'au",
  "privacy.duration.none": "Aucun questionnaire n'a de réponses gardées pour le moment.",
  "privacy.rights.title": "Vos droits",
  "privacy.rights.erase":
    "Effacer vos réponses : utilisez le code reçu à la fin du questionnaire, sur la page {link}.",
  "privacy.rights.access":
    "Voir vos réponses : elles n'ont pas de nom. Nous pouvons les retrouver seulement avec votre code.",
  "privacy.rights.object": "Refuser : vous pouvez ne pas répondre, arrêter, ou effacer vos réponses.",
  "privacy.rights.question":
    "Pour une question ou une demande sur vos données, écrivez au délégué à la protection des données :",
  "privacy.rights.cnil":
    "Si vos droits ne sont pas respectés, vous pouvez vous plaindre à la Commission nationale de l'informatique et des libertés (CNIL).",
  "privacy.rights.cnilLink": "Se plaindre à la CNIL",
  "privacy.minors.title": "Les jeunes de moins de 15 ans",
  "privacy.minors.consent":
    "Avant 15 ans, il faut ton accord et l'accord d'un de tes parents. Le questionnaire les demande avant de commencer.",
  "privacy.minors.kept":
    "Cet accord reste seulement sur ton téléphone, pendant 1 jour. Il n'est pas gardé avec tes réponses.",
  "privacy.contact.title": "Contact",
  "privacy.contact.text": "Délégué à la protection des données :",

  // Legal notice (/mentions-legales)
  "legal.footer": "Mentions légales",
  "legal.meta": "Mentions légales",
  "legal.title": "Mentions légales",
  "legal.publisher.title": "Qui publie ce site",
  "legal.publisher.text": "Ce site est publié par :",
  "legal.director": "Directeur ou directrice de la publication :",
  "legal.host.title": "Qui héberge ce site",
  "legal.host.text": "Le site est hébergé par :",
  "legal.software.title": "Le logiciel",
  "legal.software.text":
    "Coéduc est un logiciel libre. Sa licence est la GNU AGPL, version 3 ou plus récente.",
  "legal.data.title": "Vos données",
  "legal.data.text": "Ce que nous faisons de vos réponses est expliqué sur la page {link}.",
  "legal.contact.title": "Contact",
  "legal.contact.text": "Pour une question sur vos données :",
} satisfies Record<string, string>;

export type MessageKey = keyof typeof fr;
/** A dictionary: every key of the French one, nothing more (a missing key is a type error). */
export type Messages = Record<MessageKey, string>;
