import { Field, GraphQLISODateTime, ID, Int, ObjectType } from "type-graphql";

@ObjectType({ description: "A file the complainant may see and download from the portal (GET /portal/attachments/{id})." })
export class PublicAttachment {
  @Field(() => ID, { description: "The attachment's id, for the download URL." })
  id: string;

  @Field(() => String, { description: "The name it was uploaded with." })
  fileName: string;

  @Field(() => String, { description: "The type read from the content, e.g. application/pdf." })
  mediaType: string;

  @Field(() => Int, { description: "Size of the content in bytes." })
  sizeBytes: number;

  @Field(() => String, { description: "SHA-256 of the content, lowercase hex." })
  sha256: string;

  @Field(() => GraphQLISODateTime, { description: "When it was added." })
  uploadedAt: Date;
}
