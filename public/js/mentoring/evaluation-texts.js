// Tandem's own evaluation forms (src/domain/evaluation.rs `built_in`) in the reader's language: each English text of
// a built-in form, with its translation. A community's form that keeps a built-in text is translated too; its own
// texts are shown as written. Answers keep the form's English options; only what is shown changes.
export const TEXTS = {
  it: {
    // Mentee
    'Your mentoring: how did it go?': 'Il tuo mentoring: com\'è andato?',
    'A few questions at the end of your mentoring. Each says who will read your answer.': 'Qualche domanda alla fine del tuo mentoring. Ognuna dice chi leggerà la tua risposta.',
    'Did you reach the goals you set?': 'Hai raggiunto gli obiettivi che ti eri dato?',
    'How useful was the mentoring for you? (1: not at all, 5: very)': 'Quanto ti è stato utile il mentoring? (1: per niente, 5: molto)',
    'What helped you most?': 'Che cosa ti ha aiutato di più?',
    'What will you do next?': 'Che cosa farai adesso?',
    'In brief: what did you do, and what came of it? (for the programme\'s report)': 'In breve: che cosa avete fatto, e che cosa ne è venuto? (per la relazione del programma)',
    'Would you recommend e-mentoring to a friend?': 'Consiglieresti l\'e-mentoring a un amico?',
    // Mentor
    'Your mentoring: looking back': 'Il tuo mentoring: uno sguardo indietro',
    'The questions of the exit stage. Each says who will read your answer.': 'Le domande della fase di chiusura. Ognuna dice chi leggerà la tua risposta.',
    'Did you achieve what you set out to achieve together?': 'Avete ottenuto insieme ciò che vi eravate proposti?',
    'Were the goals realistic?': 'Gli obiettivi erano realistici?',
    'What did you gain from the experience?': 'Che cosa hai guadagnato da questa esperienza?',
    'What went right, what went wrong, and what can be learned?': 'Che cosa è andato bene, che cosa no, e che cosa se ne può imparare?',
    'Which next steps did you signpost?': 'Quali passi successivi hai indicato?',
    'Would you mentor again?': 'Faresti di nuovo il mentore?',
    'How well did the programme support you? (1: poorly, 5: very well)': 'Quanto ti ha sostenuto il programma? (1: poco, 5: molto bene)',
    // Organisation
    'Feedback from the organisation': 'Il parere dell\'organizzazione',
    'Your feedback on the mentoring your organisation received.': 'Il tuo parere sul mentoring che la tua organizzazione ha ricevuto.',
    'Were the targets set at the start met?': 'I traguardi fissati all\'inizio sono stati raggiunti?',
    'How would you rate the quality of the support? (1: poor, 5: excellent)': 'Come valuti la qualità del sostegno? (1: scarsa, 5: ottima)',
    'Was the action plan adopted in your organisation?': 'Il piano d\'azione è stato adottato nella tua organizzazione?',
    'What should improve?': 'Che cosa dovrebbe migliorare?',
    'Anything you would like the mentor and mentee to know?': 'C\'è qualcosa che vorresti far sapere al mentore e al mentee?',
    // "Are we well matched?"
    'Are we well matched?': 'Siamo ben abbinati?',
    'After your first sessions: only the coordinator reads this, to help if something is not right.': 'Dopo le prime sessioni: lo legge solo il coordinatore, per aiutare se qualcosa non va.',
    'Do you feel you and your mentoring partner are well matched?': 'Senti che tu e il tuo partner di mentoring siete ben abbinati?',
    'Anything you would like the coordinator to know? (optional)': 'C\'è qualcosa che vorresti far sapere al coordinatore? (facoltativo)',
    // Options
    Yes: 'Sì',
    Partly: 'In parte',
    No: 'No',
    Maybe: 'Forse',
    'In part': 'In parte',
    'Not yet': 'Non ancora',
    'Further study': 'Altri studi',
    Training: 'Formazione',
    'A job or placement': 'Un lavoro o un tirocinio',
    'Peer mentoring': 'Mentoring tra pari',
    'Another support service': 'Un altro servizio di sostegno',
    None: 'Nessuno',
  },
};
