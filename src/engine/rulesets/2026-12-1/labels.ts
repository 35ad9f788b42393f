/** Words for the codes of the vocabulary, as results and the dossier note show them. */
import type { RulesetDataV2Input } from '../../schema.js';
import { t } from './common.js';

export const labels: RulesetDataV2Input['labels'] = {
  decisions: {
    required: t('verplicht delen', 'must share'),
    allowed: t('delen toegestaan', 'sharing allowed'),
    not_allowed: t('niet delen', 'do not share'),
    needs_more_information: t('meer informatie nodig', 'more information needed'),
  },
  grounds: {
    legal_obligation: t('wettelijke plicht', 'legal obligation'),
    direct_involvement: t('rechtstreeks betrokken bij de behandeling', 'directly involved in the treatment'),
    representative: t('vertegenwoordiger', 'representative'),
    consent: t('toestemming', 'consent'),
    reporting_right: t('meldrecht', 'reporting right'),
    conflict_of_duties: t('conflict van plichten', 'conflict of duties'),
    none: t('geen grond', 'no ground'),
  },
  recipients: {
    treating_professional: t(
      'behandelaar binnen dezelfde behandelovereenkomst',
      'professional in the same treatment agreement',
    ),
    substitute: t('waarnemer of vervanger', 'substitute (stand-in)'),
    successor_same_institution: t(
      'opvolger binnen dezelfde instelling',
      'successor within the same institution',
    ),
    successor_other_institution: t('opvolger bij een andere instelling', 'successor at another institution'),
    general_practitioner: t('huisarts (buiten de huidige behandeling)', 'GP (outside the current treatment)'),
    other_professional: t(
      'andere professional buiten de behandeling (ook de crisisdienst)',
      'other professional outside the treatment (also the crisis service)',
    ),
    social_neighbourhood_team: t('sociaal wijkteam', 'social neighbourhood team'),
    representative: t('wettelijk vertegenwoordiger', 'legal representative'),
    family_guardian: t('gezinsvoogd', 'family guardian (gezinsvoogd)'),
    probation_service: t('reclassering', 'probation service'),
    veilig_thuis: t(
      'Veilig Thuis',
      'Veilig Thuis (domestic violence and child abuse advice and reporting centre)',
    ),
    child_protection_board: t('Raad voor de Kinderbescherming', 'Child Protection Board'),
    risk_youth_index: t('Verwijsindex risicojongeren', 'risk youth index (VIR)'),
    public_health_service: t(
      'GGD (ook de gemeentelijk lijkschouwer)',
      'public health service (GGD; also the municipal coroner)',
    ),
    police: t('politie of wijkagent', 'police or community officer'),
    public_prosecutor: t(
      'Openbaar Ministerie of rechter-commissaris',
      'public prosecutor or examining judge',
    ),
    municipality: t('gemeente', 'municipality'),
    school_attendance_officer: t('leerplichtambtenaar', 'school attendance officer'),
    school: t('school of leerkracht', 'school or teacher'),
    housing_corporation: t('woningcorporatie', 'housing corporation'),
    safety_house: t('Zorg- en Veiligheidshuis (casusoverleg)', 'Safety House (case meeting)'),
    informal_carer: t(
      'mantelzorger, vrijwilliger of familielid dat geen wettelijk vertegenwoordiger is',
      'informal carer, volunteer or family member who is not the legal representative',
    ),
    lawyer: t('advocaat', 'lawyer'),
    tax_authority: t('Belastingdienst', 'tax authority'),
    insurer_or_funder: t(
      'zorgverzekeraar, financier of subsidiegever',
      'insurer, funder or subsidy provider',
    ),
    employer: t('werkgever', 'employer'),
    other: t(
      'andere ontvanger (bijvoorbeeld de inspectie)',
      'other recipient (for example the inspectorate)',
    ),
  },
  purposes: {
    continuity_of_care: t('continuïteit van zorg', 'continuity of care'),
    handover: t('overdracht', 'handover'),
    case_consultation: t('casusoverleg', 'case consultation'),
    eligibility_assessment: t(
      'indicatie of beoordeling van een voorziening of uitkering',
      'assessment of eligibility for support or benefits',
    ),
    financial_audit: t('financiële controle', 'financial audit'),
    child_safety: t('veiligheid van een kind', 'safety of a child'),
    domestic_violence: t('huiselijk geweld', 'domestic violence'),
    preventing_serious_harm: t('voorkomen van ernstige schade', 'preventing serious harm'),
    crime_investigation: t('opsporing of strafbaar feit', 'criminal investigation or offence'),
    supervision_order: t('ondertoezichtstelling', 'supervision order'),
    probation_compliance: t(
      'naleving van voorwaarden (reclassering)',
      'compliance with conditions (probation)',
    ),
    infectious_disease_notification: t('melding infectieziekte', 'notification of an infectious disease'),
    death_notification: t('melding overlijden', 'notification of death'),
    compulsory_care_notification: t('melding verplichte zorg', 'notification of compulsory care'),
    legal_proceedings: t('juridische procedure', 'legal proceedings'),
    tax: t('belastingzaken', 'tax matters'),
    risk_youth_signal: t('signaal Verwijsindex', 'risk youth index signal'),
    other: t('ander doel', 'other purpose'),
  },
  categories: {
    identity_and_contact: t('identiteit en contactgegevens', 'identity and contact details'),
    care_relationship: t('het feit dat de cliënt in zorg is', 'the fact that the client is in care'),
    attendance: t('aanwezigheid en opkomst', 'attendance'),
    diagnosis: t('diagnose', 'diagnosis'),
    treatment: t('behandeling (plan, voortgang, behandeltrouw)', 'treatment (plan, progress, adherence)'),
    medication: t('medicatie', 'medication'),
    mental_health: t('psychische gezondheid', 'mental health'),
    addiction: t('verslaving', 'addiction'),
    safety_signals: t(
      'signalen over veiligheid (mishandeling, geweld, dreiging)',
      'safety signals (abuse, violence, threat)',
    ),
    social_circumstances: t('sociale omstandigheden', 'social circumstances'),
    financial: t('financiële gegevens', 'financial information'),
    criminal_justice: t('strafrechtelijke gegevens', 'criminal-justice information'),
    third_party_information: t(
      'gegevens over anderen dan de cliënt',
      'information about people other than the client',
    ),
    administrative: t(
      'administratieve gegevens (inschrijving, getekende overeenkomsten en plannen, zonder inhoud)',
      'administrative items (registration, signed agreements and plans, no content)',
    ),
    full_record: t('het volledige dossier', 'the full record'),
  },
};
