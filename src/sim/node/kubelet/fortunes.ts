// What `fortune` prints in luksa/fortune (a few classics, picked by the second of the day).
export const FORTUNES = [
  'You will be successful in your work.',
  "Don't Worry, Be Happy.\n\t\t-- Meher Baba",
  'Your lucky number has been disconnected.',
  'Q:\tHow many Zen masters does it take to screw in a light bulb?\nA:\tThe Dharma is neither greater nor less than the bulb.',
  'Today is the first day of the rest of the mess.',
  'You have an ability to sense and know higher truth.',
  'Beware of low-flying butterflies.',
  "It is a poor judge who cannot award a prize.",
  'A day for firm decisions!!!!!  Or is it?',
  'You will be awarded some great honor.',
  'Your mind understands what you have been taught; your heart, what is true.',
  'Never be led astray onto the path of virtue.',
];
