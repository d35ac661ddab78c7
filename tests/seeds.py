"""Facts of the source documents that several tests look for."""

SPEAKERS_2019 = [
    "Ingalill Söderberg (DP)",
    "Caroline Örtholm (M)",
    "Frida Ryberg, säkerhetschef",
    "Louise Rollins (MP)",
    "Toralf Nilsson, kanslidirektör",
    "Nicolas Holst (M)",
    "Pran Malhotra (S)",
    "Frida Andersson (MP)",
    "Nujin Alacabek (V)",
]
