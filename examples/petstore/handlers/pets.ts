import type { NewPet, Pet, PetStatus } from "../generated/runtime";

/**
 * The pets each function starts with. Every Lambda function has its own memory, so a real store
 * keeps them in a table (DynamoDB, for one); the example keeps to code that runs anywhere.
 */
export const PETS: readonly Pet[] = [
  {
    id: "rex",
    name: "Rex",
    species: "dog",
    status: "available",
    birthDate: "2021-04-02",
    tags: ["friendly", "house-trained"],
    owner: {
      name: "Pet Store",
      address: { street: "1 Market Street", city: "Springfield", postcode: "12345" },
    },
  },
  { id: "tom", name: "Tom", species: "cat", status: "pending", tags: ["indoor"] },
  { id: "tweety", name: "Tweety", species: "bird", status: "available" },
  { id: "nemo", name: "Nemo", species: "fish", status: "sold", owner: { name: "Marlin" } },
];

export function findPet(id: string): Pet | undefined {
  return PETS.find((pet) => pet.id === id);
}

export function petsWithStatus(status: PetStatus | undefined): Pet[] {
  return PETS.filter((pet) => status === undefined || pet.status === status);
}

/** `Mr. Whiskers` → `mr-whiskers-k3x9`: matches the model's `petId` pattern, `^[a-z0-9-]+$`. */
export function newPetId(pet: NewPet): string {
  const slug = pet.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
  return `${slug || "pet"}-${Math.random().toString(36).slice(2, 6)}`;
}
