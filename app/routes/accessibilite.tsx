import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";

// The accessibility statement French public services must publish (loi n° 2005-102, art. 47;
// décret n° 2019-768). Its status follows the RGAA's own rule: without an audit of a sample of
// pages, a service is "non conforme", whatever automatic tools say. The date below is the
// statement's; update it with each audit.

export const meta: MetaFunction = () => [{ title: "Déclaration d'accessibilité · Coéduc" }];

const STATEMENT_DATE = "27 novembre 2026";

/** Addresses are long words: let them break rather than push the page sideways at 320 px. */
const LONG_LINK = { overflowWrap: "anywhere" } as const;

export default function AccessibilityStatement() {
  return (
    <div className="page">
      <h1>Déclaration d'accessibilité</h1>
      <p>
        Coéduc s'engage à rendre ses pages accessibles, conformément à l'article 47 de la loi n° 2005-102 du
        11 février 2005.
      </p>
      <p>
        Cette déclaration s'applique aux pages de Coéduc : questionnaires, résultats publics, conseils de
        jeunes et espace des équipes.
      </p>

      <h2>État de conformité</h2>
      <p>
        Coéduc est <strong>non conforme</strong> avec le référentiel général d'amélioration de l'accessibilité
        (RGAA), version 4.1. Aucun audit n'a encore été fait : en l'absence d'audit, le RGAA demande d'écrire
        « non conforme ».
      </p>

      <h2>Ce qui est vérifié à chaque version</h2>
      <ul>
        <li>
          Des tests automatiques (axe-core, règles WCAG 2.1 niveaux A et AA) passent sur les pages des
          questionnaires, des conseils de jeunes, des résultats publics et du tableau de bord. Une version
          avec une erreur n'est pas publiée.
        </li>
        <li>Un questionnaire complet se remplit au clavier seul.</li>
        <li>Les pages sont conçues pour un téléphone de 360 pixels de large et un zoom à 200 %.</li>
        <li>Chaque graphique a un tableau avec les mêmes chiffres.</li>
      </ul>
      <p>Les tests automatiques ne trouvent qu'une partie des problèmes. Ils ne remplacent pas un audit.</p>

      <h2>Ce qui n'est pas encore accessible</h2>
      <ul>
        <li>
          Les traductions en anglais et en arabe n'ont pas encore été relues par des personnes dont c'est la
          langue.
        </li>
        <li>
          La version simplifiée n'a pas encore été relue par des personnes en situation de handicap
          intellectuel. Elle n'a donc pas le logo « Facile à lire et à comprendre ».
        </li>
        <li>
          La lecture à voix haute dépend des voix installées sur le téléphone. Certaines langues n'en ont pas.
        </li>
      </ul>

      <h2>Établissement de cette déclaration</h2>
      <p>Cette déclaration a été établie le {STATEMENT_DATE}.</p>
      <ul>
        <li>Technologies utilisées : HTML, CSS, JavaScript, WAI-ARIA.</li>
        <li>Tests : navigateur Chromium, écran de téléphone de 360 pixels, clavier seul, axe-core.</li>
      </ul>

      <h2>Retour d'information et contact</h2>
      <p>
        Si vous n'arrivez pas à utiliser une page, dites-le à l'équipe de la Cité éducative qui vous a donné
        le lien. Elle vous aidera à répondre autrement, par exemple sur papier ou par téléphone.
      </p>

      <h2>Voies de recours</h2>
      <p>
        Si vous avez signalé un problème et que vous n'avez pas eu de réponse satisfaisante, vous pouvez :
      </p>
      <ul>
        <li>
          écrire au Défenseur des droits avec le formulaire en ligne :{" "}
          <a href="https://formulaire.defenseurdesdroits.fr/" style={LONG_LINK}>
            formulaire.defenseurdesdroits.fr
          </a>{" "}
          ;
        </li>
        <li>
          contacter le délégué du Défenseur des droits de votre région :{" "}
          <a href="https://www.defenseurdesdroits.fr/saisir/delegues" style={LONG_LINK}>
            defenseurdesdroits.fr/saisir/delegues
          </a>{" "}
          ;
        </li>
        <li>
          envoyer une lettre, sans timbre : Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07.
        </li>
      </ul>
      <p>
        <Link to="/">Retour à l'accueil</Link>
      </p>
    </div>
  );
}
