// Creates a document unless it exists: the idempotent write of work that may run twice (a
// redelivered trigger, a sweep after a dispatch). Answers whether this call created it.
import type { DocumentData, DocumentReference } from "firebase-admin/firestore";
import { alreadyExists } from "./errorCodes";

export async function createIfAbsent(ref: DocumentReference, data: DocumentData): Promise<boolean> {
  try {
    await ref.create(data);
    return true;
  } catch (error) {
    if (alreadyExists(error)) return false;
    throw error;
  }
}
